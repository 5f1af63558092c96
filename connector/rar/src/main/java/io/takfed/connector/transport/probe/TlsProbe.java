package io.takfed.connector.transport.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.ProbeRequest;
import io.takfed.connector.api.ProbeResult;
import io.takfed.connector.api.ProbeStage;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.LiveIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.transport.tls.RecordingTrustManager;
import io.takfed.pki.CertificateCheck;
import io.takfed.pki.CertificateIdentity;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * Tests a peer the way a federation dial-out would reach it, stage by stage, on a socket of its own: it never
 * touches a live link. Runs on the caller's thread (never an event loop) and blocks at most about twice the
 * request's timeout.
 */
public final class TlsProbe {

    /** TLS 1.3 servers judge our certificate after their Finished; a rejection arrives just after the handshake. */
    private static final long POST_HANDSHAKE_GRACE_MILLIS = 500;

    private final EventLoopGroup group;
    private final FederationTls tls;
    private final LiveIdentity identity;

    private final io.takfed.connector.discovery.SrvDiscovery discovery;
    private final io.takfed.connector.discovery.DiscoverySettings discoverySettings;

    public TlsProbe(EventLoopGroup group, FederationTls tls, FederationIdentity identity) {
        this(group, tls, LiveIdentity.of(identity), null, null);
    }

    /** With discovery, a peer given by domain alone is probed at the SRV target a dial would try first. */
    public TlsProbe(EventLoopGroup group, FederationTls tls, LiveIdentity identity,
                    io.takfed.connector.discovery.SrvDiscovery discovery,
                    io.takfed.connector.discovery.DiscoverySettings discoverySettings) {
        this.group = group;
        this.tls = tls;
        this.identity = identity;
        this.discovery = discovery;
        this.discoverySettings = discoverySettings;
    }

    public ProbeResult probe(ProbeRequest asked) {
        Outcome outcome = new Outcome(System.nanoTime());
        ProbeRequest request = asked;
        if (asked.host() == null) {
            if (discovery == null) {
                return outcome.failed(FederationFailure.DISCOVERY_FAILURE, "this probe has no DNS discovery");
            }
            String service = discoverySettings.service(asked.protocol());
            try {
                var target = discovery.lookup(service, asked.domain()).get(0);
                request = asked.at(target.host(), target.port());
            } catch (io.takfed.connector.discovery.DiscoveryException e) {
                return outcome.failed(e.failure(), e.failure() == FederationFailure.INVALID_DOMAIN
                        ? e.getMessage() + "; publish an SRV record " + service + "." + asked.domain()
                                + " naming the peer's federation server, or set its address"
                        : e.getMessage() + "; check that takfed's DNS server (TAKFED_DNS_SERVER) answers");
            }
        }
        return probeTarget(request, outcome);
    }

    private ProbeResult probeTarget(ProbeRequest request, Outcome outcome) {
        InetAddress address;
        try {
            address = InetAddress.getByName(request.host());
        } catch (UnknownHostException e) {
            // FUTUREWORK: tell a missing name (invalid-domain) from broken DNS (discovery-failure) with dnsjava.
            return outcome.failed(FederationFailure.INVALID_DOMAIN, "the name '" + request.host()
                    + "' does not resolve; check the address for typos and that DNS knows it");
        }
        outcome.passed = ProbeStage.DNS;
        long timeout = request.timeout().toMillis();
        RecordingTrustManager trust = new RecordingTrustManager(anchors(request));
        AtomicReference<SslHandler> sslHandler = new AtomicReference<>();
        AtomicReference<Throwable> lateFailure = new AtomicReference<>();
        SslContext context;
        try {
            context = request.useTls() ? clientContext(request, trust) : null;
        } catch (SSLException e) {
            return outcome.failed(FederationFailure.FEDERATION_TLS_ERROR, "our TLS client could not be built: "
                    + TlsFailureExplainer.summary(e));
        }
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (context != null) {
                            SslHandler handler = context.newHandler(channel.alloc(), request.host(), request.port());
                            handler.setHandshakeTimeoutMillis(timeout);
                            sslHandler.set(handler);
                            channel.pipeline().addLast(handler);
                        }
                        channel.pipeline().addLast(new FailureRecorder(lateFailure));
                    }
                });
        ChannelFuture connect = bootstrap.connect(new InetSocketAddress(address, request.port()));
        Channel channel = connect.channel();
        try {
            if (!connect.awaitUninterruptibly(timeout + 1_000) || !connect.isSuccess()) {
                return tcpFailure(outcome, connect.cause(), request);
            }
            outcome.passed = ProbeStage.TCP;
            if (context == null) {
                // A TCP connect proves nothing a TAK peer would accept: federation is mutual TLS only.
                return outcome.failed(FederationFailure.FEDERATION_TLS_ERROR, "the probe asked for no TLS, and a "
                        + "federation link is mutual TLS only: the TCP connect alone does not pass");
            }
            var handshake = sslHandler.get().handshakeFuture();
            if (!handshake.awaitUninterruptibly(timeout + 1_000)) {
                return outcome.failed(FederationFailure.FEDERATION_TIMEOUT, "the TLS handshake did not finish in "
                        + timeout + " ms; the port may not speak TLS", trust);
            }
            if (!handshake.isSuccess()) {
                return outcome.failed(FederationFailure.FEDERATION_TLS_ERROR,
                        TlsFailureExplainer.explain(handshake.cause(), request.host()), trust);
            }
            boolean closedAtOnce = channel.closeFuture().awaitUninterruptibly(
                    Math.min(POST_HANDSHAKE_GRACE_MILLIS, timeout));
            Throwable late = lateFailure.get();
            // A v1 peer that does not take us as a federate closes cleanly, without a TLS alert: its protocol
            // stage says so. An alert is a TLS failure on any protocol.
            boolean v1Refusal = closedAtOnce && "v1".equals(request.protocol())
                    && (late == null || !TlsFailureExplainer.isSsl(late));
            if (closedAtOnce && !v1Refusal) {
                String why = late != null && TlsFailureExplainer.isSsl(late)
                        ? TlsFailureExplainer.explain(late, request.host())
                        : "the peer closed the connection right after the handshake; it most likely does not "
                                + "trust our certificate: give its administrator our federation CA certificate";
                return outcome.failed(FederationFailure.FEDERATION_TLS_ERROR, why, trust);
            }
            outcome.passed = ProbeStage.TLS;
            SSLSession session = sslHandler.get().engine().getSession();
            outcome.protocol = session.getProtocol();
            outcome.cipher = session.getCipherSuite();
            outcome.record(trust);
            Optional<ProbeResult> unusable = identity(outcome, trust.presented(), request);
            if (unusable.isPresent()) {
                return unusable.get();
            }
            if (request.protocol() == null) {
                return outcome.build(null, "reached identity successfully" + outcome.warnings);
            }
            if (request.refusal() != null) {
                return outcome.failed(request.refusal().failure(), request.refusal().detail());
            }
            outcome.passed = ProbeStage.AUTHORIZATION;
            ProtocolCheck.Verdict verdict;
            if ("v1".equals(request.protocol())) {
                verdict = ProtocolCheck.v1(channel, timeout, request.linkUp());
            } else {
                channel.close().awaitUninterruptibly(1_000);
                verdict = ProtocolCheck.v2(group, tls, identity.current(), request, trust);
            }
            if (verdict.failure() != null) {
                return outcome.failed(verdict.failure(), verdict.detail());
            }
            outcome.passed = ProbeStage.PROTOCOL;
            return outcome.build(null, verdict.detail() + outcome.warnings);
        } finally {
            channel.close().awaitUninterruptibly(1_000);
        }
    }

    /**
     * The stage a live link would fail next: the presented chain checked for federation, and the pin. Empty when
     * it passed; its warnings then go into the outcome for whichever stage the probe ends at.
     */
    private static Optional<ProbeResult> identity(Outcome outcome, List<X509Certificate> presented,
                                                  ProbeRequest request) {
        List<CertificateCheck.Finding> findings = CertificateCheck.federation(presented, java.time.Instant.now());
        var error = findings.stream().filter(f -> f.severity() == CertificateCheck.Severity.ERROR).findFirst();
        if (error.isPresent()) {
            return Optional.of(outcome.failed(FederationFailure.AUTHENTICATION_FAILURE, "the peer's certificate "
                    + "cannot be used for federation: " + error.get().explanation()));
        }
        String fingerprint = CertificateIdentity.fingerprint(presented.get(0));
        if (request.expectedFingerprint() != null && !request.expectedFingerprint().equals(fingerprint)) {
            return Optional.of(outcome.failed(FederationFailure.AUTHENTICATION_FAILURE, "the peer presented "
                    + "certificate " + fingerprint + ", not the one pinned for it (" + request.expectedFingerprint()
                    + "); if it was renewed on purpose, clear the peer's fingerprint to pin the new one"));
        }
        outcome.passed = ProbeStage.IDENTITY;
        outcome.warnings = findings.stream().map(CertificateCheck.Finding::explanation)
                .reduce((a, b) -> a + "; " + b).map(w -> "; warnings: " + w).orElse("");
        return Optional.empty();
    }


    private SslContext clientContext(ProbeRequest request, RecordingTrustManager trust) throws SSLException {
        boolean own = request.clientChain().isEmpty();
        FederationIdentity identity = this.identity.current();
        // A v2 peer is a gRPC server: it refuses a handshake that does not offer HTTP/2 by ALPN.
        return tls.client(own ? identity.key() : request.clientKey(), own ? identity.chain() : request.clientChain(),
                trust.asFactory(), request.verifyHostname(), "v2".equals(request.protocol()) ? List.of("h2") : List.of());
    }

    private List<X509Certificate> anchors(ProbeRequest request) {
        List<X509Certificate> anchors = new ArrayList<>(identity.current().trusted());
        anchors.addAll(request.trustAnchors());
        return anchors;
    }

    private static ProbeResult tcpFailure(Outcome outcome, Throwable cause, ProbeRequest request) {
        String target = request.host() + ":" + request.port();
        if (cause == null || cause instanceof ConnectTimeoutException) {
            return outcome.failed(FederationFailure.FEDERATION_TIMEOUT, "no answer from " + target + " within "
                    + request.timeout().toMillis() + " ms; a firewall may be dropping the packets");
        }
        if (cause instanceof ConnectException) {
            return outcome.failed(FederationFailure.FEDERATION_CONNECTION_REFUSED, "nothing accepts connections on "
                    + target + "; is the peer's federation listener enabled on this port?");
        }
        return outcome.failed(FederationFailure.FEDERATION_CONNECTION_REFUSED, "could not connect to " + target + ": "
                + TlsFailureExplainer.summary(cause));
    }

    /** Keeps the last pipeline failure (for post-handshake alerts) and stops it reaching the pipeline's tail. */
    private static final class FailureRecorder extends ChannelInboundHandlerAdapter {
        private final AtomicReference<Throwable> failure;

        FailureRecorder(AtomicReference<Throwable> failure) {
            this.failure = failure;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure.compareAndSet(null, cause);
            ctx.close();
        }
    }

    /** The result under construction. */
    private static final class Outcome {
        private final long started;
        private ProbeStage passed;
        private String protocol;
        private String cipher;
        private X509Certificate peer;
        /** The identity stage's warnings, appended to the detail of a probe that passes. */
        private String warnings = "";

        Outcome(long started) {
            this.started = started;
        }

        void record(RecordingTrustManager trust) {
            if (!trust.presented().isEmpty()) {
                peer = trust.presented().get(0);
            }
        }

        ProbeResult succeeded() {
            return build(null, "reached " + passed.label() + " successfully");
        }

        ProbeResult failed(FederationFailure failure, String detail) {
            return build(failure, detail);
        }

        ProbeResult failed(FederationFailure failure, String detail, RecordingTrustManager trust) {
            record(trust);
            return build(failure, detail);
        }

        ProbeResult build(FederationFailure failure, String detail) {
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            return new ProbeResult(passed, failure, detail, elapsed, protocol, cipher,
                    peer == null ? null : peer.getSubjectX500Principal().getName(),
                    peer == null ? null : peer.getIssuerX500Principal().getName(),
                    peer == null ? null : CertificateIdentity.fingerprint(peer),
                    peer == null ? null : peer.getNotAfter().toInstant());
        }
    }
}
