package io.takfed.connector.v2;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.takfed.pki.DevelopmentPki;
import io.takfed.wire.v2.ClientHealth;
import io.takfed.wire.v2.FederateGroups;
import io.takfed.wire.v2.FederatedChannelGrpc;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.Identity;
import io.takfed.wire.v2.ROL;
import io.takfed.wire.v2.ServerHealth;
import io.takfed.wire.v2.Subscription;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A test server that behaves as TAK Server 5.7's v2 server does towards a federate that dials it (spec 3.5). It
 * shares no code with takfed's server. Where it used to be kinder than TAK, and is no longer:
 * <ul>
 *   <li>Every stream and health check belongs to its TLS connection, as TAK keys them by TLS session: a check on
 *       one connection knows nothing of another's streams; it kept one set of streams for all.</li>
 *   <li>A second connection's ServerEventStream is refused as a duplicate federate while the first's is open and
 *       showed life within 30 s (TAK's zombie rule); it took every one.</li>
 *   <li>ClientEventStream is registered only after the federate look-ups ({@link #registrationDelay}, 300 ms by
 *       default; TAK takes milliseconds to seconds); it used to be registered at once.</li>
 *   <li>HealthCheck before that registration answers NOT_CONNECTED and leaves the call open, so the caller sees
 *       DEADLINE_EXCEEDED at its deadline; it used to complete it.</li>
 *   <li>A SERVING answer is completed only when the ClientEventStream subscription carried {@code version.major > 0};
 *       otherwise that call too stays open.</li>
 *   <li>{@link #healthOff()} is TAK's {@code enableHealthCheck=false}: no check is answered and there is no liveness
 *       sweep; {@link #goSilent()} stops answering mid-session (a stalled server).</li>
 *   <li>The liveness sweep: every 5 s, a ClientEventStream or ClientROLStream whose last health check is 15 s old
 *       gets DEADLINE_EXCEEDED and is forgotten; there was none.</li>
 *   <li>ServerEventStream, ServerROLStream and ClientFederateGroupsStream answer our Subscription at once and stay
 *       open (TAK's patched grpc flushes it); they answered nothing.</li>
 *   <li>ROL on ServerROLStream is dropped unless the federate's ClientROLStream is registered ("null
 *       rolStreamHolder"), counted in {@link #rolDropped}; every program was taken.</li>
 *   <li>ServerFederateGroupsStream and ClientEventStream refuse a subscription without an identity name.</li>
 *   <li>Received {@code t-x-m} events (mission-change notices) are not taken; every event was.</li>
 *   <li>Events it sends are GeoEvents as TAK 5.x encodes them: zero fields 4-8 left out (see {@link TakEvents}).</li>
 * </ul>
 */
public final class TakLikeServer implements AutoCloseable {

    /** TAK's {@code clientTimeoutTime} and {@code clientRefreshTime}. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);
    /** TAK's FED_ZOMBIE_TIMEOUT: a duplicate may replace a federate's connection only once it is this silent. */
    static final Duration ZOMBIE_TIMEOUT = Duration.ofSeconds(30);
    private static final Context.Key<SocketAddress> CONNECTION = Context.key("tak-like-connection");
    /** A ROL program on the resource {@code package}, which TAK takes without a ClientROLStream. */
    private static final Pattern PACKAGE = Pattern.compile("\\s*\\w+\\s+package\\b");

    public final BlockingQueue<FederatedEvent> received = new LinkedBlockingQueue<>();
    /** ROL messages the federate sent on ServerROLStream and TAK took (counted only: the benchmarks' sink). */
    public final AtomicLong rolReceived = new AtomicLong();
    /** ROL messages dropped because the federate's ClientROLStream was not registered, as TAK drops them. */
    public final AtomicLong rolDropped = new AtomicLong();
    /** Health checks received, answered or not. */
    public final AtomicInteger healthChecks = new AtomicInteger();
    /** Health checks answered SERVING. */
    public final AtomicInteger servingAnswers = new AtomicInteger();
    /** Health checks answered NOT_CONNECTED (and left open). */
    public final AtomicInteger notConnectedAnswers = new AtomicInteger();
    /** ClientEventStreams registered once the look-ups were done. */
    public final AtomicInteger registrations = new AtomicInteger();
    /** Streams the liveness sweep ended. */
    public final AtomicInteger swept = new AtomicInteger();
    /** ServerEventStreams refused as a duplicate federate. */
    public final AtomicInteger duplicates = new AtomicInteger();
    private final Server server;
    private final ScheduledExecutorService lookups = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tak-like-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<SocketAddress, Connection> connections = new ConcurrentHashMap<>();
    private volatile Duration registrationDelay = Duration.ofMillis(300);
    private volatile boolean healthEnabled = true;
    private volatile boolean silent;

    public TakLikeServer(DevelopmentPki.Issued identity, X509Certificate trustedCa) throws Exception {
        var ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(identity.key(),
                        identity.chain().toArray(X509Certificate[]::new)), SslProvider.JDK)
                .trustManager(trustedCa).clientAuth(ClientAuth.REQUIRE).build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).sslContext(ssl)
                .maxInboundMessageSize(256 * 1024 * 1024)
                .addService(ServerInterceptors.intercept(new Service(), new ByConnection())).build().start();
        lookups.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** How long TAK's federate look-ups take before it registers a ClientEventStream (300 ms unless set). */
    public TakLikeServer registrationDelay(Duration delay) {
        registrationDelay = delay;
        return this;
    }

    /** TAK with {@code enableHealthCheck=false}: no health check answered, no liveness sweep. */
    public TakLikeServer healthOff() {
        healthEnabled = false;
        return this;
    }

    public int port() {
        return server.getPort();
    }

    /** Sends an event to the federate whose ClientEventStream is registered, waiting up to 5 s for one. */
    public void send(FederatedEvent event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (Connection connection : connections.values()) {
                Registered<FederatedEvent> stream = connection.events;
                if (stream != null) {
                    stream.observer.onNext(event);
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no federate has a ClientEventStream registered");
    }

    /** Keeps the connections and streams but answers no further health check: a stalled server. */
    public void goSilent() {
        silent = true;
    }

    @Override
    public void close() throws InterruptedException {
        lookups.shutdownNow();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private void sweep() {
        if (!healthEnabled) {
            return;
        }
        long now = System.nanoTime();
        for (Connection connection : connections.values()) {
            Registered<FederatedEvent> eventStream = connection.events;
            if (stale(eventStream, now)) {
                connection.events = null;
                end(eventStream);
            }
            Registered<ROL> rolStream = connection.rol;
            if (stale(rolStream, now)) {
                connection.rol = null;
                end(rolStream);
            }
        }
    }

    private static boolean stale(Registered<?> stream, long now) {
        return stream != null && now - stream.lastHealthNanos >= CLIENT_TIMEOUT.toNanos();
    }

    private void end(Registered<?> stream) {
        swept.incrementAndGet();
        try {
            stream.observer.onError(Status.DEADLINE_EXCEEDED.asRuntimeException());
        } catch (RuntimeException alreadyClosed) {
            // The federate went away first; forgetting the stream is all TAK does then.
        }
    }

    /** The connection the current call came on, as TAK's TLS interceptor keys it. */
    private Connection connection() {
        return connections.computeIfAbsent(CONNECTION.get(), address -> new Connection());
    }

    /** What TAK keeps per TLS session. */
    private static final class Connection {
        volatile Registered<FederatedEvent> events;
        volatile Registered<ROL> rol;
        volatile boolean federate;
        volatile long lastActivityNanos = System.nanoTime();
    }

    /** Puts each call's connection into its context, as TAK's tlsInterceptor puts the TLS session. */
    private static final class ByConnection implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            Context context = Context.current().withValue(CONNECTION,
                    call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
            return Contexts.interceptCall(context, call, headers, next);
        }
    }

    /** A registered stream to the federate and when its last health check came. */
    private static final class Registered<T> {
        final StreamObserver<T> observer;
        final long major;
        volatile long lastHealthNanos = System.nanoTime();

        Registered(StreamObserver<T> observer, long major) {
            this.observer = observer;
            this.major = major;
        }
    }

    private final class Service extends FederatedChannelGrpc.FederatedChannelImplBase {
        @Override
        public void serverFederateGroupsStream(Subscription request, StreamObserver<FederateGroups> out) {
            if (request.getIdentity().getName().isEmpty()) {
                out.onError(Status.UNKNOWN.withDescription("null or empty name").asRuntimeException());
                return;
            }
            out.onNext(FederateGroups.newBuilder().setStreamUpdate(ServerHealth.newBuilder()
                    .setStatus(ServerHealth.ServingStatus.SERVING)).build());
        }

        @Override
        public void clientEventStream(Subscription request, StreamObserver<FederatedEvent> out) {
            if (request.getIdentity().getName().isEmpty()) {
                out.onError(Status.UNKNOWN.withDescription("null or empty name").asRuntimeException());
                return;
            }
            Connection connection = connection();
            ServerCallStreamObserver<FederatedEvent> call = (ServerCallStreamObserver<FederatedEvent>) out;
            call.setOnCancelHandler(() -> {
                Registered<FederatedEvent> current = connection.events;
                if (current != null && current.observer == out) {
                    connection.events = null;
                }
            });
            lookups.schedule(() -> {
                if (!call.isCancelled()) {
                    connection.events = new Registered<>(out, request.getVersion().getMajor());
                    registrations.incrementAndGet();
                }
            }, registrationDelay.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public StreamObserver<FederatedEvent> serverEventStream(StreamObserver<Subscription> out) {
            Connection connection = connection();
            long now = System.nanoTime();
            boolean duplicate = connections.values().stream().anyMatch(other -> other != connection && other.federate
                    && now - other.lastActivityNanos < ZOMBIE_TIMEOUT.toNanos());
            if (duplicate) {
                duplicates.incrementAndGet();
                out.onError(Status.UNKNOWN.withDescription("DuplicateFederateException").asRuntimeException());
                return new Collect<>(event -> { }, () -> { });
            }
            connection.federate = true;
            out.onNext(ourSubscription());
            return new Collect<>(event -> {
                connection.lastActivityNanos = System.nanoTime();
                // Mission-change notices are never submitted (spec 3.5.4).
                if (!event.getEvent().getType().toLowerCase(Locale.ENGLISH).startsWith("t-x-m")) {
                    received.add(event);
                }
            }, () -> connection.federate = false);
        }

        @Override
        public void healthCheck(ClientHealth request, StreamObserver<ServerHealth> out) {
            healthChecks.incrementAndGet();
            if (!healthEnabled || silent) {
                return;
            }
            Connection connection = connection();
            Registered<FederatedEvent> stream = connection.events;
            if (stream == null) {
                notConnectedAnswers.incrementAndGet();
                out.onNext(ServerHealth.newBuilder().setStatus(ServerHealth.ServingStatus.NOT_CONNECTED).build());
                return;
            }
            stream.lastHealthNanos = System.nanoTime();
            connection.lastActivityNanos = stream.lastHealthNanos;
            Registered<ROL> rolStream = connection.rol;
            if (rolStream != null) {
                rolStream.lastHealthNanos = stream.lastHealthNanos;
            }
            servingAnswers.incrementAndGet();
            out.onNext(ServerHealth.newBuilder().setStatus(ServerHealth.ServingStatus.SERVING).build());
            if (stream.major > 0) {
                out.onCompleted();
            }
        }

        @Override
        public void clientROLStream(Subscription request, StreamObserver<ROL> out) {
            Connection connection = connection();
            Registered<ROL> registered = new Registered<>(out, request.getVersion().getMajor());
            ((ServerCallStreamObserver<ROL>) out).setOnCancelHandler(() -> {
                if (connection.rol == registered) {
                    connection.rol = null;
                }
            });
            connection.rol = registered;
        }

        @Override
        public StreamObserver<ROL> serverROLStream(StreamObserver<Subscription> out) {
            Connection connection = connection();
            out.onNext(ourSubscription());
            return new Collect<>(program -> {
                if (connection.rol == null && !PACKAGE.matcher(program.getProgram()).lookingAt()) {
                    rolDropped.incrementAndGet();
                } else {
                    rolReceived.incrementAndGet();
                }
            }, () -> { });
        }

        @Override
        public StreamObserver<FederateGroups> clientFederateGroupsStream(StreamObserver<Subscription> out) {
            out.onNext(ourSubscription());
            return new Collect<>(groups -> { }, () -> { });
        }

        private Subscription ourSubscription() {
            return Subscription.newBuilder().setFilter("").setIdentity(Identity.newBuilder()
                    .setType(Identity.ConnectionType.FEDERATION_TAK_SERVER).setServerId("tak-like-server")
                    .setName("session").setUid("session")).build();
        }
    }

    /** Its own observer, like TakLikeClient's: this peer depends on the wire contract only. */
    private static final class Collect<T> implements StreamObserver<T> {
        private final Consumer<T> each;
        private final Runnable end;

        Collect(Consumer<T> each, Runnable end) {
            this.each = each;
            this.end = end;
        }

        @Override
        public void onNext(T value) {
            each.accept(value);
        }

        @Override
        public void onError(Throwable t) {
            end.run();
        }

        @Override
        public void onCompleted() {
            end.run();
        }
    }
}
