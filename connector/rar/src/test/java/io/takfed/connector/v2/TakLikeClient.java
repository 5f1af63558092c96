package io.takfed.connector.v2;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
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
import io.takfed.wire.v2.TakServerVersion;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test federate that dials like TAK Server 5.7's v2 client (spec 3.4): one channel for every RPC and no deadlines,
 * groups stream first, ClientEventStream with a version, ServerEventStream only after the SERVING ready signal.
 * Where it used to be kinder than TAK, and is no longer:
 * <ul>
 *   <li>Health checks are its own, as TAK's {@code healthCheckIntervalSeconds}: the first one interval (3 s) after
 *       the session starts, then every interval, with no deadline; the test no longer times them. {@link
 *       #withoutHealthChecks()} is TAK's interval below 1 (none at all); {@link #health()} still sends one more.</li>
 *   <li>Any answer other than SERVING, or any error on a health call, disconnects it (cancel everything, shut the
 *       channel down), as TAK does; it used to retry NOT_CONNECTED until it got SERVING. {@link #disconnected()}
 *       says why.</li>
 *   <li>ClientROLStream is opened only after the first SERVING answer; it used to be opened after a check the test
 *       polled at once. An error on it, or on ClientEventStream, disconnects.</li>
 *   <li>Every SERVING update on the groups stream opens another ServerEventStream, as TAK's does; it opened one.</li>
 *   <li>Events are the test's, built as TAK 5.x encodes them ({@link TakEvents}: zero fields 4-8 left out).</li>
 * </ul>
 */
public final class TakLikeClient implements AutoCloseable {

    public final BlockingQueue<FederatedEvent> received = new LinkedBlockingQueue<>();
    public final AtomicReference<Status> eventStreamEnd = new AtomicReference<>();
    private final ManagedChannel channel;
    private final FederatedChannelGrpc.FederatedChannelStub async;
    private final FederatedChannelGrpc.FederatedChannelBlockingStub blocking;
    private final Subscription subscription;
    private final CountDownLatch serving = new CountDownLatch(1);
    private volatile StreamObserver<FederatedEvent> outbound;
    /** How many ServerEventStreams it opened: one per SERVING groups update, as TAK does. */
    public final java.util.concurrent.atomic.AtomicInteger serverEventStreams =
            new java.util.concurrent.atomic.AtomicInteger();
    private boolean slow;
    private Duration healthInterval = HEALTH_INTERVAL;
    private final AtomicReference<String> disconnected = new AtomicReference<>();
    private final CountDownLatch firstServing = new CountDownLatch(1);
    private volatile ScheduledFuture<?> healthChecks;
    private volatile java.util.function.Consumer<FederatedEvent> listener;

    /** Hands each received event to {@code sink} on arrival instead of queueing it (for measurements). */
    public TakLikeClient onEvent(java.util.function.Consumer<FederatedEvent> sink) {
        this.listener = sink;
        return this;
    }

    /** TAK's default {@code healthCheckIntervalSeconds}. */
    public static final Duration HEALTH_INTERVAL = Duration.ofSeconds(3);
    private static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tak-like-client-health");
        thread.setDaemon(true);
        return thread;
    });

    /** TAK's {@code healthCheckIntervalSeconds} below 1: no health checks, so no ClientROLStream either. */
    public TakLikeClient withoutHealthChecks() {
        healthInterval = Duration.ZERO;
        return this;
    }

    /** Why the client disconnected, as TAK's processDisconnect would have; null while it has not. */
    public String disconnected() {
        return disconnected.get();
    }

    /** Reads one event and then none: a federate whose link backs up. */
    public TakLikeClient slow() {
        slow = true;
        return this;
    }

    public TakLikeClient(int port, DevelopmentPki.Issued identity, X509Certificate trustedCa, String name) throws Exception {
        this(port, identity, trustedCa, name, null);
    }

    /**
     * With {@code loops}, the client runs on those event loops and handles messages on them (direct executor), as
     * a benchmark's other clients do; without, on gRPC's defaults, as a separate TAK server would.
     */
    public TakLikeClient(int port, DevelopmentPki.Issued identity, X509Certificate trustedCa, String name,
                         io.netty.channel.EventLoopGroup loops) throws Exception {
        var ssl = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(identity.key(), identity.chain().toArray(X509Certificate[]::new))
                .trustManager(trustedCa).build();
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress("localhost", port).sslContext(ssl)
                .maxInboundMessageSize(256 * 1024 * 1024);
        if (loops != null) {
            builder.eventLoopGroup(loops).channelType(io.netty.channel.socket.nio.NioSocketChannel.class)
                    .directExecutor();
        }
        channel = builder.build();
        async = FederatedChannelGrpc.newStub(channel);
        blocking = FederatedChannelGrpc.newBlockingStub(channel);
        subscription = Subscription.newBuilder().setIdentity(Identity.newBuilder().setName(name)
                .setUid(UUID.randomUUID().toString().replace("-", "")).setServerId("server-" + name)
                .setType(Identity.ConnectionType.FEDERATION_TAK_CLIENT))
                .setVersion(TakServerVersion.newBuilder().setMajor(5).setMinor(7)).build();
    }

    /** The server's group advertisements (FederateGroups without a stream update), as TAK's client records them. */
    public final BlockingQueue<FederateGroups> groupsFromServer = new LinkedBlockingQueue<>();
    private volatile StreamObserver<FederateGroups> groupsOut;

    /** Sends our outbound groups once on ClientFederateGroupsStream, as TAK does with group mapping on (3.4 step 5). */
    public synchronized void advertise(java.util.List<String> groups) {
        groupsOut.onNext(FederateGroups.newBuilder().addAllFederateGroups(groups).build());
    }

    /**
     * TAK's order: groups (raw client stream), ServerFederateGroupsStream, ClientEventStream, the health schedule,
     * ServerROLStream; ServerEventStream on each SERVING groups update. Returns once the first health check was
     * answered SERVING (one interval in), or at once without health checks, once ServerEventStream is open.
     */
    public TakLikeClient connect() throws InterruptedException {
        groupsOut = async.clientFederateGroupsStream(ignore());
        async.serverFederateGroupsStream(subscription, new StreamObserver<>() {
            @Override
            public void onNext(FederateGroups groups) {
                if (!groups.hasStreamUpdate()) {
                    groupsFromServer.add(groups);
                } else if (groups.getStreamUpdate().getStatus() == ServerHealth.ServingStatus.SERVING) {
                    // TAK opens a ServerEventStream on every SERVING update, so a server must send it once.
                    outbound = async.serverEventStream(ignore());
                    serverEventStreams.incrementAndGet();
                    serving.countDown();
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        openEventStream();
        if (!healthInterval.isZero()) {
            long interval = healthInterval.toMillis();
            healthChecks = CLOCK.scheduleWithFixedDelay(this::scheduledHealthCheck, interval, interval,
                    TimeUnit.MILLISECONDS);
        }
        rolOut = async.serverROLStream(ignore());
        if (!serving.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no SERVING ready signal");
        }
        if (!healthInterval.isZero() && !firstServing.await(healthInterval.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no SERVING health answer within an interval and 5 s of connecting; "
                    + "disconnected: " + disconnected.get());
        }
        return this;
    }

    /** One of TAK's scheduled checks: no deadline; anything but SERVING, or an error, disconnects. */
    private void scheduledHealthCheck() {
        if (disconnected.get() != null) {
            return;
        }
        async.healthCheck(ClientHealth.newBuilder().setStatus(ClientHealth.ServingStatus.SERVING).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(ServerHealth health) {
                        if (health.getStatus() != ServerHealth.ServingStatus.SERVING) {
                            disconnect("health check answered " + health.getStatus());
                        } else if (firstServing.getCount() > 0) {
                            openRolStream();
                            firstServing.countDown();
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        disconnect("health check failed: " + Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    private void disconnect(String why) {
        if (disconnected.compareAndSet(null, why)) {
            ScheduledFuture<?> checks = healthChecks;
            if (checks != null) {
                checks.cancel(false);
            }
            channel.shutdownNow();
        }
    }

    /** TAK opens it after the first SERVING health answer; a test without health checks opens it itself. */
    public void openRolStream() {
        async.clientROLStream(subscription, new StreamObserver<ROL>() {
            @Override
            public void onNext(ROL value) {
                rolReceived.add(value);
            }

            @Override
            public void onError(Throwable t) {
                disconnect("ROL stream failed: " + Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    public void openEventStream() {
        async.clientEventStream(subscription, new io.grpc.stub.ClientResponseObserver<Subscription, FederatedEvent>() {
            @Override
            public void beforeStart(io.grpc.stub.ClientCallStreamObserver<Subscription> call) {
                if (slow) {
                    call.disableAutoRequestWithInitial(1);
                }
            }

            @Override
            public void onNext(FederatedEvent event) {
                var sink = listener;
                if (sink != null) {
                    sink.accept(event);
                } else {
                    received.add(event);
                }
            }

            @Override
            public void onError(Throwable t) {
                eventStreamEnd.set(Status.fromThrowable(t));
                disconnect("event stream failed: " + Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                eventStreamEnd.set(Status.OK);
            }
        });
    }

    /** One health check besides the scheduled ones, answered or failing within 5 s (TAK's own have no deadline). */
    public ServerHealth.ServingStatus health() {
        return blocking.withDeadlineAfter(5, TimeUnit.SECONDS)
                .healthCheck(ClientHealth.newBuilder().setStatus(ClientHealth.ServingStatus.SERVING).build())
                .getStatus();
    }

    /** ROL messages the server sent us on ClientROLStream, as a TAK server's mission federation reads them. */
    public final BlockingQueue<ROL> rolReceived = new LinkedBlockingQueue<>();
    private volatile StreamObserver<ROL> rolOut;

    /** Opens another ServerROLStream and sends one message on it (a hostile peer's many concurrent streams). */
    public void sendOnNewRolStream(ROL message) {
        async.serverROLStream(ignore()).onNext(message);
    }

    /** Sends one ROL program on ServerROLStream, as TAK's client sends mission changes. */
    public synchronized void sendRol(String program) {
        rolOut.onNext(ROL.newBuilder().setProgram(program).build());
    }

    public void send(FederatedEvent event) {
        outbound.onNext(event);
    }

    FederatedChannelGrpc.FederatedChannelBlockingStub blocking() {
        return blocking;
    }

    /** Opens ServerEventStream and returns how it ended within the wait (null if still open). */
    Status tryServerEventStream(long waitMillis) throws InterruptedException {
        AtomicReference<Status> end = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        async.serverEventStream(new StreamObserver<>() {
            @Override
            public void onNext(Subscription value) {
            }

            @Override
            public void onError(Throwable t) {
                end.set(Status.fromThrowable(t));
                done.countDown();
            }

            @Override
            public void onCompleted() {
                end.set(Status.OK);
                done.countDown();
            }
        });
        done.await(waitMillis, TimeUnit.MILLISECONDS);
        return end.get();
    }

    /**
     * Its own no-op observer on purpose: this client plays a foreign TAK server and is used from the system tests,
     * where none of takfed's transport classes are on the class path; it depends on the wire contract only.
     */
    private <T> StreamObserver<T> ignore() {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    static boolean unimplemented(Runnable call) {
        try {
            call.run();
            return false;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.UNIMPLEMENTED;
        }
    }

    @Override
    public void close() throws InterruptedException {
        disconnect("closed by the test");
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
