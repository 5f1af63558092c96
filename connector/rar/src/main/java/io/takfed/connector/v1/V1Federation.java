package io.takfed.connector.v1;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.takfed.connector.api.DialRequest;
import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.routing.Relay;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.LiveIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.transport.tls.RecordingTrustManager;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Federation v1 in both roles on the adapter's event loops: the listener (spec 5, port 9000) and the dialled
 * links of outbound v1 peers. Every link joins the shared relay, so v1 and v2 federates exchange events by the
 * same rules. v1 has no heartbeat: TCP keepalive is on, and an idle timeout can be configured (off by default).
 */
public final class V1Federation implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(V1Federation.class.getName());
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final EventLoopGroup loops;
    private final LiveIdentity identity;
    private final FederationTls tls;
    private final Relay relay;
    private final int maxFrameBytes;
    private final int queueCapacity;
    private final Duration idleTimeout;
    private final Channel listener;
    private final Set<V1Link> inbound = ConcurrentHashMap.newKeySet();
    private final Map<Long, V1Link> outbound = new ConcurrentHashMap<>();
    private final Map<String, V1Link> lastInboundFailure = new ConcurrentHashMap<>();
    private final Map<String, Map<String, java.util.concurrent.atomic.LongAdder>> closures = new ConcurrentHashMap<>();

    private V1Federation(EventLoopGroup loops, LiveIdentity identity, FederationTls tls, Relay relay,
                         int maxFrameBytes, int queueCapacity, Duration idleTimeout, InetSocketAddress address)
            throws IOException {
        this.loops = loops;
        this.identity = identity;
        this.tls = tls;
        this.relay = relay;
        this.maxFrameBytes = maxFrameBytes;
        this.queueCapacity = queueCapacity;
        this.idleTimeout = idleTimeout;
        this.listener = address == null ? null : listen(address);
    }

    /**
     * Starts v1; {@code address} null dials out only. {@code idleTimeout} zero keeps idle links open, as TAK does.
     */
    public static V1Federation start(InetSocketAddress address, EventLoopGroup loops, FederationIdentity identity,
                                     FederationTls tls, Relay relay, int maxFrameBytes, int queueCapacity,
                                     Duration idleTimeout) throws IOException {
        return start(address, loops, LiveIdentity.of(identity), tls, relay, maxFrameBytes, queueCapacity, idleTimeout);
    }

    /** With a live identity: a reloaded certificate or truststore applies to the next connection either way. */
    public static V1Federation start(InetSocketAddress address, EventLoopGroup loops, LiveIdentity identity,
                                     FederationTls tls, Relay relay, int maxFrameBytes, int queueCapacity,
                                     Duration idleTimeout) throws IOException {
        return new V1Federation(loops, identity, tls, relay, maxFrameBytes, queueCapacity, idleTimeout, address);
    }

    private Channel listen(InetSocketAddress address) throws IOException {
        SslContext server = tls.server(identity);
        ChannelFuture bound = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        V1Link link = new V1Link(relay, V1Federation.this::admitInbound, LinkReport.INBOUND, 0,
                                String.valueOf(channel.remoteAddress()), queueCapacity, V1Federation.this::ended);
                        inbound.add(link);
                        pipeline(channel, server.newHandler(channel.alloc()), link);
                    }
                }).bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException("cannot listen on " + address + ": " + bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
    }

    private void pipeline(SocketChannel channel, SslHandler ssl, V1Link link) {
        channel.pipeline().addLast("tls", ssl);
        if (!idleTimeout.isZero()) {
            channel.pipeline().addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0,
                    TimeUnit.MILLISECONDS));
        }
        V1Codec.install(channel.pipeline(), maxFrameBytes);
        channel.pipeline().addLast("v1-link", link);
    }

    /** One link per federate: a duplicate is refused unless the link it would duplicate is a zombie (spec 3.6). */
    private Optional<V1Link.Refusal> admitInbound(V1Link link) {
        if (relay.activeLink(link.fingerprint(), link, Relay.ZOMBIE_AFTER).isPresent()) {
            return Optional.of(new V1Link.Refusal(FederationFailure.DUPLICATE_CONNECTION,
                    "the federate already has an active link"));
        }
        replaceZombies(link);
        return Optional.empty();
    }

    private Optional<V1Link.Refusal> admitOutbound(V1Link link, DialRequest request) {
        if (request.expectedFingerprint() != null && !request.expectedFingerprint().equals(link.fingerprint())) {
            return Optional.of(new V1Link.Refusal(FederationFailure.AUTHENTICATION_FAILURE, "the peer presented "
                    + "certificate " + link.fingerprint() + ", not the expected " + request.expectedFingerprint()));
        }
        if (relay.activeLink(link.fingerprint(), link, Relay.ZOMBIE_AFTER).isPresent()) {
            // TAK's outgoing role: close, and the domain disables the outgoing (spec 5.3, 7.2).
            return Optional.of(new V1Link.Refusal(FederationFailure.DUPLICATE_CONNECTION,
                    "the peer " + link.fingerprint() + " already has an active link"));
        }
        replaceZombies(link);
        return Optional.empty();
    }

    private void replaceZombies(V1Link newcomer) {
        List<V1Link> all = new ArrayList<>(inbound);
        all.addAll(outbound.values());
        for (V1Link other : all) {
            if (other != newcomer && other.established() && newcomer.fingerprint().equals(other.fingerprint())) {
                other.fail(FederationFailure.DUPLICATE_CONNECTION, "replaced by a new link after 30 s of silence");
            }
        }
    }

    private void ended(V1Link link) {
        boolean wasInbound = inbound.remove(link);
        if (link.fingerprint() == null || link.failure().isEmpty()) {
            return;
        }
        closures.computeIfAbsent(link.fingerprint(), f -> new ConcurrentHashMap<>())
                .computeIfAbsent(link.failure().get().label(), l -> new java.util.concurrent.atomic.LongAdder())
                .increment();
        if (wasInbound) {
            // The peer's status must be able to say why its link went, after the link is gone.
            lastInboundFailure.put(link.fingerprint(), link);
        }
    }

    private Map<String, Long> closuresOf(String fingerprint) {
        Map<String, java.util.concurrent.atomic.LongAdder> counts = fingerprint == null ? null : closures.get(fingerprint);
        if (counts == null) {
            return Map.of();
        }
        Map<String, Long> copy = new java.util.TreeMap<>();
        counts.forEach((label, count) -> copy.put(label, count.sum()));
        return copy;
    }

    /** Dials an outbound v1 peer unless a live link to it exists; a failed link is replaced. */
    public void dial(DialRequest request) throws IOException {
        dial(List.of(request));
    }

    /**
     * Dials the first of {@code attempts} (one peer's targets, in order) unless a live link exists; when nothing
     * accepts the connection, the next one is dialled at once, and only the last one's failure is reported.
     */
    public void dial(List<DialRequest> attempts) throws IOException {
        DialRequest request = attempts.get(0);
        V1Link existing = outbound.get(request.peerId());
        if (existing != null && existing.active()) {
            return;
        }
        connect(request, attempts.subList(1, attempts.size()));
    }

    private void connect(DialRequest request, List<DialRequest> rest) throws IOException {
        FederationIdentity now = identity.current();
        List<X509Certificate> anchors = new ArrayList<>(now.trusted());
        anchors.addAll(request.trustAnchors());
        RecordingTrustManager trust = new RecordingTrustManager(anchors);
        boolean own = request.clientChain().isEmpty();
        SslContext client = tls.client(own ? now.key() : request.clientKey(),
                own ? now.chain() : request.clientChain(), trust.asFactory(), request.verifyHostname());
        String target = request.host() + ":" + request.port();
        V1Link link = new V1Link(relay, l -> admitOutbound(l, request), LinkReport.OUTBOUND, request.peerId(), target,
                queueCapacity, this::ended);
        V1Link replaced = outbound.put(request.peerId(), link);
        if (replaced != null) {
            replaced.close();
        }
        new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        pipeline(channel, client.newHandler(channel.alloc(), request.host(), request.port()), link);
                    }
                })
                .connect(request.host(), request.port())
                .addListener((ChannelFuture connected) -> {
                    if (connected.isSuccess()) {
                        return;
                    }
                    FederationFailure failure = connectFailure(connected.cause());
                    if (!rest.isEmpty() && unreachable(failure) && outbound.get(request.peerId()) == link) {
                        LOG.log(Level.INFO, "TAKFED-V1-010 {0} at {1}; trying the next SRV target {2}:{3}",
                                new Object[] {failure.label(), target, rest.get(0).host(),
                                String.valueOf(rest.get(0).port())});
                        connect(rest.get(0), rest.subList(1, rest.size()));
                        return;
                    }
                    link.fail(failure, String.valueOf(connected.cause()));
                });
        LOG.log(Level.FINE, "Dialling v1 peer {0} at {1}", new Object[] {request.peerId(), target});
    }

    /** The failures that say "this target is not there", after which another target is worth a try. */
    static boolean unreachable(FederationFailure failure) {
        return failure == FederationFailure.FEDERATION_CONNECTION_REFUSED || failure == FederationFailure.FEDERATION_TIMEOUT
                || failure == FederationFailure.INVALID_DOMAIN;
    }

    static FederationFailure connectFailure(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            return FederationFailure.INVALID_DOMAIN;
        }
        if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            return FederationFailure.FEDERATION_TIMEOUT;
        }
        return cause instanceof ConnectException ? FederationFailure.FEDERATION_CONNECTION_REFUSED
                : V1Link.classify(cause);
    }

    /** Ends the link to a peer (disabled, deleted, or no longer a v1 outbound peer). */
    public void hangUp(long peerId) {
        V1Link link = outbound.remove(peerId);
        if (link != null) {
            link.close();
        }
    }

    public int port() {
        return listener == null ? 0 : ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Live inbound links, every dialled link, and the last failure of each federate whose inbound link failed. */
    public List<LinkReport> links() {
        List<LinkReport> reports = new ArrayList<>();
        Set<String> live = new java.util.HashSet<>();
        for (V1Link link : inbound) {
            if (link.established()) {
                reports.add(link.report(closuresOf(link.fingerprint())));
                live.add(link.fingerprint());
            }
        }
        lastInboundFailure.forEach((fingerprint, failed) -> {
            if (!live.contains(fingerprint)) {
                reports.add(failed.report(closuresOf(fingerprint)));
            }
        });
        outbound.values().forEach(link -> reports.add(link.report(closuresOf(link.fingerprint()))));
        return List.copyOf(reports);
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        inbound.forEach(V1Link::close);
        outbound.values().forEach(V1Link::close);
    }
}
