package io.takfed.connector.v1;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.routing.Federate;
import io.takfed.connector.routing.OutboundQueue;
import io.takfed.connector.routing.Relay;
import io.takfed.connector.transport.tls.PresentedChain;
import io.takfed.pki.CertificateIdentity;
import io.takfed.wire.v2.FederatedFrame;
import java.io.IOException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One v1 connection, whichever side dialled (TAK runs the same handler in both roles, spec 5.1). After the TLS
 * handshake the peer is identified by its certificate and admitted or refused; from then on each side streams
 * frames, the first of ours being the contacts the peer may see (spec 5.3). A frame that does not parse or is
 * too large closes this link, labelled, and no other.
 */
final class V1Link extends ChannelInboundHandlerAdapter implements Federate {

    private static final Logger LOG = Logger.getLogger(V1Link.class.getName());

    /** Decides, once the peer's certificate is known, whether this link may carry anything. */
    interface Admission {
        Optional<Refusal> admit(V1Link link);
    }

    record Refusal(FederationFailure label, String detail) {
    }

    private final Relay relay;
    private final Admission admission;
    private final String direction;
    private final long peerId;
    private final String dialled;
    private final OutboundQueue queue;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong eventsIn = new AtomicLong();
    private final Instant started = Instant.now();
    private final java.util.function.Consumer<V1Link> onEnd;
    /**
     * While a v1 link on this thread reads a batch, the v1 links it routes to: they are drained once when the batch
     * ends (one flush and at most one wake-up per target per batch, not per frame). Null outside a batch.
     */
    private static final ThreadLocal<java.util.Set<V1Link>> BATCH = new ThreadLocal<>();

    private volatile Channel channel;
    /** Frames that arrived while the domain check ran; null when none runs. Event-loop confined. */
    private List<FederatedFrame> held;
    private volatile List<X509Certificate> chain = List.of();
    private volatile String fingerprint;
    private volatile String caFingerprint;
    private volatile String state = "connecting";
    private volatile FederationFailure failure;
    private volatile String detail;
    private volatile Instant connectedSince;
    private volatile Instant lastEventAt;
    private volatile long lastActivityNanos = System.nanoTime();

    V1Link(Relay relay, Admission admission, String direction, long peerId, String dialled, int queueCapacity,
           java.util.function.Consumer<V1Link> onEnd) {
        this.relay = relay;
        this.admission = admission;
        this.direction = direction;
        this.peerId = peerId;
        this.dialled = dialled;
        this.queue = new OutboundQueue(queueCapacity);
        this.onEnd = onEnd;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                identified(ctx);
            } else {
                fail(FederationFailure.FEDERATION_TLS_ERROR, String.valueOf(handshake.cause()));
            }
        } else if (event instanceof IdleStateEvent) {
            fail(FederationFailure.FEDERATION_TIMEOUT, "no frame from the peer within the idle timeout");
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    private void identified(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        try {
            Certificate[] presented = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            chain = Arrays.stream(presented).map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException e) {
            fail(FederationFailure.AUTHENTICATION_FAILURE, "the peer presented no certificate");
            return;
        }
        fingerprint = CertificateIdentity.fingerprint(chain.get(0));
        caFingerprint = chain.size() > 1 ? CertificateIdentity.fingerprint(chain.get(1)) : null;
        // Authorization first: a denied federate costs nothing more than the handshake it already made.
        Optional<Refusal> refusal = relay.table().refusal(fingerprint)
                .map(why -> new Refusal(FederationFailure.FEDERATION_DENIED, why))
                .or(() -> PresentedChain.refusal(chain, "v1 " + direction + " " + remoteAddress())
                        .map(why -> new Refusal(FederationFailure.AUTHENTICATION_FAILURE, why)))
                .or(() -> admission.admit(this));
        if (refusal.isPresent()) {
            fail(refusal.get().label(), refusal.get().detail());
            return;
        }
        Optional<String> domain = LinkReport.INBOUND.equals(direction)
                ? relay.table().peer(fingerprint).map(io.takfed.connector.api.routing.PeerPolicy::domain)
                : Optional.empty();
        if (domain.isEmpty()) {
            admitted();
            return;
        }
        // The domain check may need DNS: hold reads (and any frame already decoded) until it answers.
        held = new java.util.ArrayList<>();
        channel.config().setAutoRead(false);
        relay.binding().check(chain.get(0), domain.get(), "v1").whenComplete((verdict, error) ->
                channel.eventLoop().execute(() -> bound(ctx, verdict, error)));
    }

    private void bound(ChannelHandlerContext ctx, Optional<io.takfed.connector.discovery.DomainBinding.Refusal> verdict,
                       Throwable error) {
        List<FederatedFrame> frames = held;
        held = null;
        if (error != null) {
            fail(FederationFailure.DISCOVERY_FAILURE, String.valueOf(error));
            return;
        }
        if (verdict.isPresent()) {
            fail(verdict.get().failure(), verdict.get().detail());
            return;
        }
        admitted();
        if (established()) {
            frames.forEach(frame -> channelRead(ctx, frame));
            endBatch();
            channel.config().setAutoRead(true);
        }
    }

    private void admitted() {
        queue.attach(new ChannelSink(channel));
        connectedSince = Instant.now();
        state = "connected";
        relay.join(this);
        relay.welcome(this);
        LOG.log(Level.INFO, "TAKFED-V1-001 v1 link {0} to {1} ({2}) is up", new Object[] {direction, remoteAddress(),
                fingerprint});
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        FederatedFrame frame = (FederatedFrame) message;
        lastActivityNanos = System.nanoTime();
        List<FederatedFrame> waiting = held;
        if (waiting != null) {
            waiting.add(frame);
            return;
        }
        if (!established()) {
            return;
        }
        if (!frame.hasEvent() && !frame.hasContact()) {
            // Legal on v1 but carries nothing (spec 5.2; TAK never sends one): nothing to relay.
            return;
        }
        eventsIn.incrementAndGet();
        lastEventAt = Instant.now();
        if (BATCH.get() == null) {
            BATCH.set(new java.util.LinkedHashSet<>());
        }
        relay.route(this, frame);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        endBatch();
        super.channelReadComplete(ctx);
    }

    /** Drains what the batch queued; also on failure, since the thread's other channels must never find it open. */
    private static void endBatch() {
        java.util.Set<V1Link> touched = BATCH.get();
        if (touched != null) {
            BATCH.remove();
            touched.forEach(V1Link::scheduleDrain);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            queue.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        endBatch();
        fail(classify(cause), cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }

    /** Which catalogue label a pipeline failure is. */
    static FederationFailure classify(Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            return FederationFailure.FRAME_TOO_LARGE;
        }
        if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
            return FederationFailure.FEDERATION_TLS_ERROR;
        }
        if (cause instanceof CorruptedFrameException || cause instanceof DecoderException) {
            return FederationFailure.PROTOCOL_ERROR;
        }
        if (cause instanceof IOException) {
            return FederationFailure.FEDERATION_CONNECTION_REFUSED;
        }
        return FederationFailure.PROTOCOL_ERROR;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endBatch();
        if (!"failed".equals(state) && !"closed".equals(state)) {
            end("failed", FederationFailure.FEDERATION_CONNECTION_REFUSED, "the peer closed the connection");
        }
    }

    /** Ends the link with a labelled reason; the first reason is the one that stays. */
    void fail(FederationFailure label, String why) {
        if (end("failed", label, why)) {
            LOG.log(Level.WARNING, label.logId() + " " + label.label() + ": v1 link {0} {1} closed: {2}",
                    new Object[] {direction, remoteAddress(), why});
        }
    }

    void close() {
        end("closed", null, null);
    }

    private synchronized boolean end(String finalState, FederationFailure label, String why) {
        if ("failed".equals(state) || "closed".equals(state)) {
            return false;
        }
        // Label and detail before the state: a report read between the writes must not show failed without a label.
        failure = label;
        detail = why;
        state = finalState;
        queue.detach();
        relay.leave(this);
        Channel open = channel;
        if (open != null) {
            open.close();
        }
        onEnd.accept(this);
        return true;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String caFingerprint() {
        return caFingerprint;
    }

    @Override
    public String serverId() {
        return "";
    }

    @Override
    public boolean receiving() {
        return established();
    }

    @Override
    public boolean established() {
        return "connected".equals(state);
    }

    @Override
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /**
     * Queues the frame; it is written on this link's own event loop, one flush per batch: at the end of the v1
     * read batch that routed it, or at once for a sender of another kind (a v2 stream, a welcome).
     */
    @Override
    public boolean send(FederatedFrame frame) {
        if (!established() || channel == null) {
            return false;
        }
        queue.enqueue(frame);
        java.util.Set<V1Link> batch = BATCH.get();
        if (batch != null) {
            batch.add(this);
        } else {
            scheduleDrain();
        }
        return true;
    }

    private void scheduleDrain() {
        Channel open = channel;
        if (open == null) {
            return;
        }
        if (open.eventLoop().inEventLoop() && !drainScheduled.get()) {
            queue.drain();
        } else if (drainScheduled.compareAndSet(false, true)) {
            open.eventLoop().execute(() -> {
                drainScheduled.set(false);
                queue.drain();
            });
        }
    }

    boolean active() {
        return "connecting".equals(state) || "connected".equals(state);
    }

    String state() {
        return state;
    }

    Optional<FederationFailure> failure() {
        return Optional.ofNullable(failure);
    }

    long peerId() {
        return peerId;
    }

    String direction() {
        return direction;
    }

    String remoteAddress() {
        Channel open = channel;
        return open != null && open.remoteAddress() != null ? String.valueOf(open.remoteAddress()) : dialled;
    }

    LinkReport report(java.util.Map<String, Long> closures) {
        X509Certificate leaf = chain.isEmpty() ? null : chain.get(0);
        return new LinkReport(fingerprint, LinkReport.Presented.of(leaf, dialled), "v1", remoteAddress(),
                connectedSince == null ? started : connectedSince, established(),
                eventsIn.get(), queue.sent(), queue.dropped(), lastEventAt, direction, peerId, state,
                failure == null ? null : failure.label(), detail, closures);
    }

    /** The queue's sink on this channel: writes while Netty's outbound buffer is below its high-water mark. */
    private static final class ChannelSink implements OutboundQueue.Sink {
        private final Channel channel;

        ChannelSink(Channel channel) {
            this.channel = channel;
        }

        @Override
        public boolean ready() {
            return channel.isWritable();
        }

        @Override
        public void write(FederatedFrame frame) {
            channel.write(frame, channel.voidPromise());
        }

        @Override
        public void flush() {
            channel.flush();
        }
    }
}
