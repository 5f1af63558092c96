package io.takfed.connector.v2;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerTransportFilter;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.ScheduledFuture;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.routing.OutboundQueue;
import io.takfed.connector.routing.Relay;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.LiveIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Federation v2 listener: gRPC over HTTP/2 over mutual TLS on the adapter's own event loops (one Netty in
 * the RAR). Handlers run on the event loop and never block; the liveness sweep runs there too.
 */
public final class V2Server implements AutoCloseable {

    /** TAK's server limit for one message: ROL programs can carry whole files. */
    public static final int DEFAULT_MAX_INBOUND_BYTES = 256 * 1024 * 1024;
    public static final int DEFAULT_QUEUE_CAPACITY = OutboundQueue.DEFAULT_CAPACITY;
    public static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);

    private final Server server;
    private final V2Sessions sessions;
    private final Relay relay;
    private final ScheduledFuture<?> sweep;

    private final java.util.Map<Long, V2Link> links;
    private final EventLoopGroup workers;
    private final LiveIdentity identity;
    private final V2Refusals refusals;
    private final FederationTls tls;
    private final int maxInboundBytes;
    private final int queueCapacity;

    private V2Server(Server server, V2Sessions sessions, Relay relay, ScheduledFuture<?> sweep,
                     java.util.Map<Long, V2Link> links, EventLoopGroup workers, LiveIdentity identity,
                     FederationTls tls, int maxInboundBytes, int queueCapacity, V2Refusals refusals) {
        this.refusals = refusals;
        this.queueCapacity = queueCapacity;
        this.server = server;
        this.sessions = sessions;
        this.relay = relay;
        this.sweep = sweep;
        this.links = links;
        this.workers = workers;
        this.identity = identity;
        this.tls = tls;
        this.maxInboundBytes = maxInboundBytes;
    }

    /** Starts listening with a relay of its own (tests, benchmarks). */
    public static V2Server start(InetSocketAddress address, EventLoopGroup boss, EventLoopGroup workers,
                                 FederationIdentity identity, FederationTls tls, RoutingTable initial,
                                 int maxInboundBytes, int queueCapacity, Duration healthTimeout,
                                 Duration sweepInterval) throws IOException {
        return start(address, boss, workers, identity, tls, new Relay(initial), maxInboundBytes, queueCapacity,
                healthTimeout, sweepInterval);
    }

    /**
     * Starts listening; its federates join {@code relay}, which other listeners share (v1 bridging).
     * {@code healthTimeout} and {@code sweepInterval} are TAK's 15 s and 5 s in production.
     */
    public static V2Server start(InetSocketAddress address, EventLoopGroup boss, EventLoopGroup workers,
                                 FederationIdentity identity, FederationTls tls, Relay relay,
                                 int maxInboundBytes, int queueCapacity, Duration healthTimeout,
                                 Duration sweepInterval) throws IOException {
        return start(address, boss, workers, LiveIdentity.of(identity), tls, relay, maxInboundBytes, queueCapacity,
                healthTimeout, sweepInterval);
    }

    /** With a live identity: a reloaded certificate or truststore applies to the next connection. */
    public static V2Server start(InetSocketAddress address, EventLoopGroup boss, EventLoopGroup workers,
                                 LiveIdentity identity, FederationTls tls, Relay relay,
                                 int maxInboundBytes, int queueCapacity, Duration healthTimeout,
                                 Duration sweepInterval) throws IOException {
        V2Sessions sessions = new V2Sessions(healthTimeout, System::nanoTime);
        V2Refusals refusals = new V2Refusals();
        java.util.Map<Long, V2Link> links = new java.util.concurrent.ConcurrentHashMap<>();
        sessions.onOpenAndClose(relay::join, relay::leave);
        FederatedChannelService service = new FederatedChannelService(sessions, relay,
                () -> relay.table().nodeId());
        Server server = NettyServerBuilder.forAddress(address)
                .channelType(NioServerSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .directExecutor()
                .sslContext(sslContext(identity, tls))
                .maxInboundMessageSize(maxInboundBytes)
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public void transportTerminated(Attributes attributes) {
                        // Null when the connection ended before its handshake did: no session to close.
                        if (attributes == null) {
                            return;
                        }
                        sessions.close(SessionInterceptor.key(attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
                    }
                })
                .addService(ServerInterceptors.intercept(service.definition(), new SessionInterceptor(sessions, queueCapacity, relay, refusals)))
                .build()
                .start();
        ScheduledFuture<?> sweep = workers.next().scheduleAtFixedRate(sessions::sweep, sweepInterval.toMillis(),
                sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
        return new V2Server(server, sessions, relay, sweep, links, workers, identity, tls, maxInboundBytes,
                queueCapacity, refusals);
    }

    /** Dials a peer unless a live link to it exists; a failed link is replaced. */
    public void dial(io.takfed.connector.api.DialRequest request) throws java.io.IOException {
        dial(List.of(request));
    }

    /**
     * Dials the first of {@code attempts} (one peer's targets, in order) unless a live link exists; a target that
     * refuses the connection before the session is up hands over to the next, and only the last failure shows.
     */
    public void dial(List<io.takfed.connector.api.DialRequest> attempts) throws java.io.IOException {
        V2Link existing = links.get(attempts.get(0).peerId());
        if (existing != null && existing.active()) {
            return;
        }
        connect(attempts);
    }

    private void connect(List<io.takfed.connector.api.DialRequest> attempts) throws java.io.IOException {
        io.takfed.connector.api.DialRequest request = attempts.get(0);
        List<io.takfed.connector.api.DialRequest> rest = attempts.subList(1, attempts.size());
        java.util.concurrent.atomic.AtomicReference<V2Link> self = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable next = rest.isEmpty() ? null : () -> {
            if (links.get(request.peerId()) == self.get()) {
                try {
                    connect(rest);
                } catch (java.io.IOException | RuntimeException e) {
                    java.util.logging.Logger.getLogger(V2Server.class.getName()).warning("cannot dial "
                            + rest.get(0) + ": " + e);
                }
            }
        };
        V2Link link = V2Link.dial(request, relay, workers, identity, tls, maxInboundBytes, queueCapacity, next);
        self.set(link);
        V2Link replaced = links.put(request.peerId(), link);
        if (replaced != null && replaced != link) {
            replaced.close();
        }
        link.start();
    }

    /** Ends the link to a peer (disabled, deleted, or no longer outbound). */
    public void hangUp(long peerId) {
        V2Link link = links.remove(peerId);
        if (link != null) {
            link.close();
        }
    }

    /** Mutual TLS with ALPN h2, the federation protocols and AEAD suites; we present {@code [leaf, CA]}. */
    static SslContext sslContext(LiveIdentity identity, FederationTls tls) throws IOException {
        SslContextBuilder builder = SslContextBuilder.forServer(identity.keyManagerFactory());
        return GrpcSslContexts.configure(builder, SslProvider.JDK)
                .trustManager(identity.trustManagerFactory())
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(tls.protocols())
                .ciphers(FederationTls.CIPHER_SUITES)
                .build();
    }

    public int port() {
        return server.getPort();
    }

    /** Replaces the routing policy; takes effect for the next event. */
    public void apply(RoutingTable table) {
        relay.apply(table);
        sessions.all().forEach(session -> session.admitted(table));
    }

    public int sessionCount() {
        return sessions.all().size();
    }

    /** Every live session as a link report (certificate included, so an unknown peer can be shown to admins). */
    public List<io.takfed.connector.api.LinkReport> links() {
        List<io.takfed.connector.api.LinkReport> reports = new ArrayList<>();
        for (V2Session s : sessions.all()) {
            X509Certificate leaf = s.chain().get(0);
            reports.add(new io.takfed.connector.api.LinkReport(s.fingerprint(),
                    io.takfed.connector.api.LinkReport.Presented.of(leaf, s.displayName()), "v2", s.key(),
                    s.connectedSince(), s.federate(), s.eventsIn(),
                    s.eventsOut(), s.eventsDropped(), s.lastEventAt(), io.takfed.connector.api.LinkReport.INBOUND, 0,
                    "connected", null, null, java.util.Map.of()));
        }
        links.values().forEach(link -> reports.add(link.report()));
        // Refused certificates without a session now: why their peers carry nothing.
        reports.addAll(refusals.reports(sessions.all().stream().map(V2Session::fingerprint)
                .collect(java.util.stream.Collectors.toSet())));
        return List.copyOf(reports);
    }

    @Override
    public void close() {
        sweep.cancel(false);
        links.values().forEach(V2Link::close);
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The ROL side of every session and dialled link, live ones and ones whose received messages still wait. */
    List<RolChannel> rolChannels() {
        List<RolChannel> channels = new ArrayList<>();
        sessions.all().forEach(s -> channels.add(s.rol()));
        links.values().forEach(l -> channels.add(l.rol()));
        return channels;
    }

    public List<io.takfed.connector.api.RolLink> rolLinks() {
        return rolChannels().stream().filter(RolChannel::canSend).map(RolChannel::report).toList();
    }

    public long sendRol(String sessionId, List<io.takfed.connector.api.RolMessage> messages) {
        return channel(sessionId).send(messages);
    }

    public List<io.takfed.connector.api.ReceivedRol> receivedRol(int max) {
        List<io.takfed.connector.api.ReceivedRol> all = new ArrayList<>();
        for (RolChannel channel : rolChannels()) {
            if (all.size() >= max) {
                break;
            }
            all.addAll(channel.waiting(max - all.size()));
        }
        return all;
    }

    public void ackRol(String sessionId, long number) {
        rolChannels().stream().filter(c -> c.sessionId().equals(sessionId)).forEach(c -> c.ack(number));
    }

    private RolChannel channel(String sessionId) {
        return rolChannels().stream().filter(c -> c.sessionId().equals(sessionId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no v2 session " + sessionId));
    }
}
