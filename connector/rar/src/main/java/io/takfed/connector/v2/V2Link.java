package io.takfed.connector.v2;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.takfed.connector.api.DialRequest;
import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.LiveIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.transport.tls.PresentedChain;
import io.takfed.connector.transport.tls.RecordingTrustManager;
import java.util.Optional;
import io.takfed.pki.CertificateIdentity;
import io.takfed.wire.v2.ClientHealth;
import io.takfed.wire.v2.FederateGroups;
import io.takfed.wire.v2.FederatedChannelGrpc;
import io.grpc.CallOptions;
import io.grpc.stub.ClientCalls;
import io.takfed.connector.routing.Federate;
import io.takfed.connector.routing.OutboundQueue;
import io.takfed.connector.routing.Relay;
import io.takfed.wire.Frames;
import io.takfed.wire.v2.FederatedFrame;
import io.takfed.wire.v2.Identity;
import io.takfed.wire.v2.ROL;
import io.takfed.wire.v2.ServerHealth;
import io.takfed.wire.v2.Subscription;
import io.takfed.wire.v2.TakServerVersion;
import java.net.ConnectException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * One outbound v2 session, dialled the way TAK Server's client does (spec 3.4, 8.2): every RPC on one channel,
 * groups stream first, ClientEventStream with a version, ServerEventStream after the SERVING ready signal,
 * HealthCheck every 3 s with a deadline, ClientROLStream after the first SERVING health. Any failure tears the
 * whole session down; reconnecting is the domain's decision.
 */
final class V2Link implements Federate {

    static final Duration HEALTH_INTERVAL = Duration.ofSeconds(3);
    /** How long one check may wait for its answer; an unanswered check is no failure by itself (see HealthWatch). */
    static final Duration HEALTH_DEADLINE = Duration.ofSeconds(10);
    /**
     * How often, between the regular checks, a check goes out when it would move a ROL confirmation on (see
     * {@link RolChannel#worthReporting}): a sender caps what it has unconfirmed, so a receiver's progress reported
     * only every 3 s left it idle while a drain waited for the report.
     */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);
    private static final Logger LOG = Logger.getLogger(V2Link.class.getName());

    private final DialRequest request;
    private final Relay relay;
    private final EventLoopGroup loops;
    private final RecordingTrustManager trust;
    private final ManagedChannel channel;
    private final FederatedChannelGrpc.FederatedChannelStub stub;
    private final Subscription subscription;
    private final AtomicLong eventsIn = new AtomicLong();
    private final OutboundQueue outboundQueue;
    private final Instant started = Instant.now();

    private volatile String state = "connecting";
    private volatile String failure;
    private volatile String detail;
    private volatile Instant connectedSince;
    private volatile Instant lastEventAt;
    private volatile ClientCallStreamObserver<FederatedFrame> outbound;
    private volatile ScheduledFuture<?> healthChecks;
    private volatile ScheduledFuture<?> progressChecks;
    /** What our last health check reported as stored of the peer's ROL messages. */
    private volatile long storedReported;
    private volatile boolean rolOpened;
    private volatile long lastHealthyNanos = System.nanoTime();
    private final HealthWatch health = new HealthWatch(System::nanoTime, HealthWatch.WINDOW, HEALTH_INTERVAL);
    private volatile Runnable unreachable;
    private final RolChannel rol;
    private volatile StreamObserver<ROL> rolOut;
    private volatile StreamObserver<FederateGroups> groupsOut;
    private volatile Fingerprinted fingerprinted;

    private V2Link(DialRequest request, Relay relay, EventLoopGroup loops, RecordingTrustManager trust,
                   SslContext ssl, int maxInboundBytes, int queueCapacity) {
        this.request = request;
        this.rol = new RolChannel(LinkReport.OUTBOUND, request::peerId, this::fingerprint,
                () -> relay.isOurCa(caFingerprint()));
        this.outboundQueue = new OutboundQueue(queueCapacity);
        this.relay = relay;
        this.loops = loops;
        this.trust = trust;
        this.channel = NettyChannelBuilder.forAddress(request.host(), request.port())
                .eventLoopGroup(loops).channelType(NioSocketChannel.class).sslContext(ssl).directExecutor()
                .maxInboundMessageSize(maxInboundBytes).build();
        this.stub = FederatedChannelGrpc.newStub(channel);
        this.subscription = Subscription.newBuilder().setIdentity(Identity.newBuilder().setName(request.nodeId())
                        .setUid(UUID.randomUUID().toString().replace("-", "")).setServerId(request.nodeId())
                        .setType(Identity.ConnectionType.FEDERATION_TAK_CLIENT))
                // TAK completes health checks only for peers announcing a major version above 0.
                .setVersion(TakServerVersion.newBuilder().setMajor(5).setMinor(7).setBranch("takfed")
                        .setVariant("takfed")).build();
    }

    /**
     * {@code unreachable}, when not null, runs instead of reporting the failure if the target refused the connection
     * before the session came up: the caller dials the next target.
     */
    static V2Link dial(DialRequest request, Relay relay, EventLoopGroup loops, LiveIdentity live,
                       FederationTls tls, int maxInboundBytes, int queueCapacity, Runnable unreachable)
            throws SSLException {
        FederationIdentity identity = live.current();
        List<X509Certificate> anchors = new ArrayList<>(identity.trusted());
        anchors.addAll(request.trustAnchors());
        RecordingTrustManager trust = new RecordingTrustManager(anchors);
        boolean own = request.clientChain().isEmpty();
        SslContext ssl = tls.grpcClient(own ? identity.key() : request.clientKey(),
                own ? identity.chain() : request.clientChain(), trust.asFactory(), request.verifyHostname());
        V2Link link = new V2Link(request, relay, loops, trust, ssl, maxInboundBytes, queueCapacity);
        link.unreachable = unreachable;
        return link;
    }

    /**
     * Joins the relay and opens the session's calls. Separate from {@link #dial} so that the caller can register
     * the link first: a failure may arrive on an event loop before this method returns.
     */
    void start() {
        // A member before its first call, so that however early it fails, leaving finds it.
        relay.join(this);
        open();
    }

    private void open() {
        groupsOut = stub.clientFederateGroupsStream(new Ignoring<>());
        stub.serverFederateGroupsStream(subscription, new StreamObserver<>() {
            @Override
            public void onNext(FederateGroups groups) {
                if (groups.getStreamUpdate().getStatus() == ServerHealth.ServingStatus.SERVING && outbound == null) {
                    openServerEventStream();
                } else if (!groups.hasStreamUpdate() && relay.table().peer(fingerprint()).isPresent()) {
                    relay.remoteGroups().record(fingerprint(), groups.getFederateGroupsList());
                }
            }

            @Override
            public void onError(Throwable t) {
                // An old server without this RPC: TAK opens ServerEventStream anyway.
                if (Status.fromThrowable(t).getCode() == Status.Code.UNIMPLEMENTED && outbound == null) {
                    openServerEventStream();
                }
            }

            @Override
            public void onCompleted() {
            }
        });
        ClientCalls.asyncServerStreamingCall(channel.newCall(Frames.CLIENT_EVENT_STREAM, CallOptions.DEFAULT),
                subscription, new StreamObserver<>() {
            @Override
            public void onNext(FederatedFrame frame) {
                eventsIn.incrementAndGet();
                lastEventAt = Instant.now();
                relay.route(V2Link.this, frame);
            }

            @Override
            public void onError(Throwable t) {
                fail(t);
            }

            @Override
            public void onCompleted() {
                fail(Status.UNAVAILABLE.withDescription("the peer ended the event stream").asRuntimeException());
            }
        });
        rolOut = stub.serverROLStream(new Ignoring<>());
        // The first check at once, not after one interval as TAK's client does: a takfed peer registers our event
        // stream as it opens, so the session completes (and a peer back from an outage gets its ROL) without a 3 s
        // wait. A TAK server that registers later answers NOT_CONNECTED: we ask again after 100 ms, doubling, and
        // cancel each answered call, so none stays open there (see HealthAnswer).
        healthChecks = loops.next().scheduleWithFixedDelay(this::checkHealth, 0, HEALTH_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        progressChecks = loops.next().scheduleWithFixedDelay(this::reportProgress, PROGRESS_INTERVAL.toMillis(),
                PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reportProgress() {
        if ("connected".equals(state) && rol.worthReporting(storedReported)) {
            checkHealth();
        }
    }

    private void openServerEventStream() {
        ClientCalls.asyncClientStreamingCall(channel.newCall(Frames.SERVER_EVENT_STREAM, CallOptions.DEFAULT),
                new ClientResponseObserver<FederatedFrame, Subscription>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<FederatedFrame> requests) {
                outbound = requests;
                StreamSink.attach(outboundQueue, requests);
                // As TAK's client once ServerEventStream is set up, for a federate with group mapping (spec 3.4).
                GroupAdvert.to(relay.table(), fingerprint()).ifPresent(groupsOut::onNext);
            }

            @Override
            public void onNext(Subscription value) {
            }

            @Override
            public void onError(Throwable t) {
                fail(t);
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    private void checkHealth() {
        if (!active()) {
            return;
        }
        Optional<String> lapsed = health.lapsed();
        if (lapsed.isPresent()) {
            failWith(FederationFailure.FEDERATION_TIMEOUT, lapsed.get());
            return;
        }
        long stored = rol.stored();
        storedReported = stored;
        health.sent();
        stub.withDeadlineAfter(HEALTH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).healthCheck(
                ClientHealth.newBuilder().setStatus(ClientHealth.ServingStatus.SERVING).setCommittedRol(stored)
                        .build(), new HealthAnswer());
    }

    /**
     * One health call. Once it has its answer it is cancelled: TAK leaves NOT_CONNECTED answers open, and what the
     * call does after its answer (complete, expire, or our cancel) means nothing.
     */
    private final class HealthAnswer implements ClientResponseObserver<ClientHealth, ServerHealth> {
        private volatile ClientCallStreamObserver<ClientHealth> call;
        private volatile boolean answered;

        @Override
        public void beforeStart(ClientCallStreamObserver<ClientHealth> requests) {
            call = requests;
        }

        @Override
        public void onNext(ServerHealth answer) {
            answered = true;
            call.cancel("answered", null);
            if (answer.getStatus() == ServerHealth.ServingStatus.SERVING) {
                health.serving();
                lastHealthyNanos = System.nanoTime();
                rol.healthy(answer.hasCommittedRol(), answer.getCommittedRol());
                healthy();
            } else if ("connecting".equals(state)) {
                // Not registered yet on the peer's side (TAK does it after its look-ups): not a failure, ask again.
                loops.next().schedule(V2Link.this::checkHealth, health.notServingYet(), TimeUnit.MILLISECONDS);
            } else {
                failWith(FederationFailure.PROTOCOL_ERROR, "the peer answered a health check of the complete session"
                        + " with " + answer.getStatus() + ": it no longer holds our event stream");
            }
        }

        @Override
        public void onError(Throwable t) {
            if (answered) {
                return;
            }
            if (Status.fromThrowable(t).getCode() == Status.Code.DEADLINE_EXCEEDED) {
                // TAK leaves some calls open; only a window without SERVING ends the session (checkHealth).
                health.unanswered();
                return;
            }
            fail(t);
        }

        @Override
        public void onCompleted() {
        }
    }

    /** The first SERVING health check completes the session: identity checked, ROL stream opened. */
    private void healthy() {
        if (!"connecting".equals(state)) {
            return;
        }
        String presented = fingerprint();
        Optional<String> denied = relay.table().refusal(presented);
        if (denied.isPresent()) {
            failWith(FederationFailure.FEDERATION_DENIED, denied.get());
            return;
        }
        Optional<String> unusable = PresentedChain.refusal(trust.presented(), "v2 link to " + request.host() + ":"
                + request.port());
        if (unusable.isPresent()) {
            failWith(FederationFailure.AUTHENTICATION_FAILURE, unusable.get());
            return;
        }
        if (request.expectedFingerprint() != null && !request.expectedFingerprint().equals(presented)) {
            failWith(FederationFailure.AUTHENTICATION_FAILURE, "the peer presented certificate " + presented
                    + ", not the expected " + request.expectedFingerprint());
            return;
        }
        if (relay.activeLink(presented, this, Relay.ZOMBIE_AFTER).isPresent()) {
            // TAK's outgoing role: a federate already linked (it dialled us, or another protocol) is a duplicate.
            failWith(FederationFailure.DUPLICATE_CONNECTION, "the peer " + presented + " already has an active link");
            return;
        }
        if (!rolOpened) {
            rolOpened = true;
            stub.clientROLStream(subscription, new StreamObserver<ROL>() {
                @Override
                public void onNext(ROL message) {
                    if (!rol.received(message)) {
                        failWith(FederationFailure.PROTOCOL_ERROR, RolChannel.MAX_RECEIVED
                                + " ROL messages wait to be applied; ending the session");
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            });
            // Our changes go out once the peer is a federate, as TAK's client starts them after a SERVING check.
            rol.attach(rolOut);
        }
        connectedSince = Instant.now();
        state = "connected";
        relay.welcome(this);
        LOG.log(Level.INFO, "TAKFED-V2-010 Connected to {0}:{1} ({2})", new Object[] {request.host(),
                String.valueOf(request.port()), presented});
    }

    private void fail(Throwable cause) {
        Status status = Status.fromThrowable(cause);
        FederationFailure label;
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            label = FederationFailure.FEDERATION_CONNECTION_REFUSED;
        } else if (root instanceof SSLException || root instanceof java.security.cert.CertificateException) {
            label = FederationFailure.FEDERATION_TLS_ERROR;
        } else if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            label = FederationFailure.FEDERATION_TIMEOUT;
        } else if (status.getCode() == Status.Code.PERMISSION_DENIED) {
            label = FederationFailure.FEDERATION_DENIED;
        } else if (status.getCode() == Status.Code.ALREADY_EXISTS) {
            label = FederationFailure.DUPLICATE_CONNECTION;
        } else if (status.getCode() == Status.Code.UNAVAILABLE) {
            label = FederationFailure.FEDERATION_CONNECTION_REFUSED;
        } else {
            label = FederationFailure.PROTOCOL_ERROR;
        }
        // A takfed server names the failure first in its description ("authentication-failure: ...").
        String description = status.getDescription();
        if (description != null && description.indexOf(':') > 0) {
            label = FederationFailure.fromLabel(description.substring(0, description.indexOf(':'))).orElse(label);
        }
        failWith(label, status.getCode() + ": " + (status.getDescription() == null ? root.toString()
                : status.getDescription()));
    }

    private synchronized void failWith(FederationFailure label, String why) {
        if ("failed".equals(state) || "closed".equals(state)) {
            return;
        }
        Runnable next = unreachable;
        if (next != null && connectedSince == null && (label == FederationFailure.FEDERATION_CONNECTION_REFUSED
                || label == FederationFailure.FEDERATION_TIMEOUT)) {
            LOG.log(Level.INFO, "TAKFED-V2-012 {0} at {1}:{2}; trying the next SRV target", new Object[] {
                    label.label(), request.host(), String.valueOf(request.port())});
            state = "closed";
            shutdown();
            next.run();
            return;
        }
        // Label and detail before the state: a report read between the writes must not show failed without a label.
        failure = label.label();
        detail = why;
        state = "failed";
        LOG.log(Level.WARNING, "TAKFED-V2-011 {0} link to {1}:{2} failed: {3}", new Object[] {label.label(),
                request.host(), String.valueOf(request.port()), why});
        shutdown();
    }

    void close() {
        state = "closed";
        shutdown();
    }

    private void shutdown() {
        rol.detach();
        relay.leave(this);
        ScheduledFuture<?> checks = healthChecks;
        if (checks != null) {
            checks.cancel(false);
        }
        ScheduledFuture<?> progress = progressChecks;
        if (progress != null) {
            progress.cancel(false);
        }
        channel.shutdownNow();
    }

    boolean active() {
        return "connecting".equals(state) || "connected".equals(state);
    }

    long peerId() {
        return request.peerId();
    }

    /**
     * Asked for every message received (ROL is tagged with it), so it is worked out once per presented chain: each
     * time it encoded and hashed the certificate on the event loop.
     */
    @Override
    public String fingerprint() {
        List<X509Certificate> chain = trust.presented();
        if (chain.isEmpty()) {
            return null;
        }
        return fingerprinted(chain).fingerprint();
    }

    @Override
    public String caFingerprint() {
        List<X509Certificate> chain = trust.presented();
        return chain.size() < 2 ? null : fingerprinted(chain).ca();
    }

    private Fingerprinted fingerprinted(List<X509Certificate> chain) {
        Fingerprinted known = fingerprinted;
        if (known == null || known.chain() != chain) {
            known = new Fingerprinted(chain, CertificateIdentity.fingerprint(chain.get(0)),
                    chain.size() > 1 ? CertificateIdentity.fingerprint(chain.get(1)) : null);
            fingerprinted = known;
        }
        return known;
    }

    private record Fingerprinted(List<X509Certificate> chain, String fingerprint, String ca) {
    }

    @Override
    public String serverId() {
        return "";
    }

    @Override
    public boolean receiving() {
        return "connected".equals(state) && outbound != null;
    }

    @Override
    public boolean established() {
        return "connected".equals(state);
    }

    @Override
    public long lastActivityNanos() {
        return lastHealthyNanos;
    }

    @Override
    public boolean send(FederatedFrame frame) {
        if (outbound == null) {
            return false;
        }
        outboundQueue.offer(frame);
        return true;
    }

    LinkReport report() {
        List<X509Certificate> chain = trust.presented();
        X509Certificate leaf = chain.isEmpty() ? null : chain.get(0);
        return new LinkReport(fingerprint(), LinkReport.Presented.of(leaf, request.host()), "v2",
                request.host() + ":" + request.port(), connectedSince == null ? started : connectedSince,
                "connected".equals(state), eventsIn.get(), outboundQueue.sent(), outboundQueue.dropped(), lastEventAt,
                LinkReport.OUTBOUND, request.peerId(), state, failure, detail, java.util.Map.of());
    }

    RolChannel rol() {
        return rol;
    }
}
