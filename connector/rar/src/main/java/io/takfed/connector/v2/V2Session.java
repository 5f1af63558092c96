package io.takfed.connector.v2;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.takfed.connector.routing.Federate;
import io.takfed.connector.routing.OutboundQueue;
import io.takfed.pki.CertificateIdentity;
import io.takfed.wire.v2.FederatedFrame;
import io.takfed.wire.v2.ROL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One federate's TLS connection. TAK keys every piece of per-peer state on the connection, so do we: the
 * streams a peer opens on one connection belong together, and a new connection is a new session.
 */
final class V2Session implements Federate {

    private final String key;
    private final String fingerprint;
    private final String displayName;
    private final List<X509Certificate> chain;
    private final AtomicLong eventsIn = new AtomicLong();

    private final OutboundQueue outbound;
    private final RolChannel rol;
    private volatile ServerCallStreamObserver<FederatedFrame> clientEvents;
    private volatile StreamObserver<ROL> clientRol;
    private volatile boolean federate;
    private volatile long versionMajor;
    private volatile String serverId = "";
    private volatile long lastHealthNanos;
    private final java.time.Instant connectedSince = java.time.Instant.now();
    private volatile java.time.Instant lastEventAt;
    private final String caFingerprint;
    private volatile StreamObserver<io.takfed.wire.v2.FederateGroups> groups;
    private ServerCallStreamObserver<?> rolCall;
    private boolean rolReading;

    V2Session(String key, String fingerprint, String displayName, List<X509Certificate> chain, long nowNanos,
              int queueCapacity, java.util.function.Predicate<String> ourCa) {
        this.outbound = new OutboundQueue(queueCapacity);
        this.key = key;
        this.fingerprint = fingerprint;
        this.displayName = displayName;
        this.chain = List.copyOf(chain);
        this.caFingerprint = chain.size() > 1 ? CertificateIdentity.fingerprint(chain.get(1)) : null;
        this.lastHealthNanos = nowNanos;
        this.rol = new RolChannel(io.takfed.connector.api.LinkReport.INBOUND, () -> 0, () -> fingerprint,
                () -> ourCa.test(caFingerprint));
    }

    RolChannel rol() {
        return rol;
    }

    String key() {
        return key;
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
    public boolean receiving() {
        return clientEvents != null;
    }

    String displayName() {
        return displayName;
    }

    List<X509Certificate> chain() {
        return chain;
    }

    void clientEventStream(ServerCallStreamObserver<FederatedFrame> stream, long versionMajor, String serverId) {
        this.clientEvents = stream;
        StreamSink.attach(outbound, stream);
        this.versionMajor = versionMajor;
        this.serverId = serverId == null ? "" : serverId;
    }

    boolean hasClientEventStream() {
        return clientEvents != null;
    }

    void clientRolStream(StreamObserver<ROL> stream) {
        this.clientRol = stream;
        rol.attach(stream);
    }

    /**
     * The peer's ROL stream, read from now if {@code approved}, else from when the routing table admits it
     * ({@link #admitted}).
     */
    void rolReads(ServerCallStreamObserver<?> call, boolean approved) {
        synchronized (this) {
            rolCall = call;
            if (!approved) {
                return;
            }
            rolReading = true;
        }
        call.request(1);
    }

    /** The routing table changed: a ROL stream held back until the peer's approval starts to be read. */
    void admitted(io.takfed.connector.api.routing.RoutingTable table) {
        ServerCallStreamObserver<?> call;
        synchronized (this) {
            if (rolCall == null || rolReading || fingerprint == null || table.peer(fingerprint).isEmpty()) {
                return;
            }
            rolReading = true;
            call = rolCall;
        }
        call.request(1);
    }

    /** Where SERVING went on ServerFederateGroupsStream: our group advertisement follows on it. */
    void groupsStream(StreamObserver<io.takfed.wire.v2.FederateGroups> stream) {
        this.groups = stream;
    }

    StreamObserver<io.takfed.wire.v2.FederateGroups> groupsStream() {
        return groups;
    }

    /** The peer opened ServerEventStream: it is now a federate whose events we accept. */
    void becomeFederate() {
        federate = true;
    }

    boolean federate() {
        return federate;
    }

    /** TAK completes HealthCheck only for peers that announced a version (major > 0) on ClientEventStream. */
    boolean completesHealthChecks() {
        return versionMajor > 0;
    }

    @Override
    public String serverId() {
        return serverId;
    }

    void healthChecked(long nowNanos) {
        lastHealthNanos = nowNanos;
    }

    long lastHealthNanos() {
        return lastHealthNanos;
    }

    @Override
    public long lastActivityNanos() {
        return lastHealthNanos;
    }

    @Override
    public boolean established() {
        return federate;
    }

    void countIn() {
        eventsIn.incrementAndGet();
        lastEventAt = java.time.Instant.now();
    }

    java.time.Instant connectedSince() {
        return connectedSince;
    }

    java.time.Instant lastEventAt() {
        return lastEventAt;
    }

    long eventsIn() {
        return eventsIn.get();
    }

    long eventsOut() {
        return outbound.sent();
    }

    long eventsDropped() {
        return outbound.dropped();
    }

    /** Queues one event for the peer; never waits (see {@link OutboundQueue}). */
    @Override
    public boolean send(FederatedFrame frame) {
        if (clientEvents == null) {
            return false;
        }
        outbound.offer(frame);
        return true;
    }

    /** Ends the streams the peer depends on, as TAK's liveness sweep does. */
    void expire(Status status) {
        ServerCallStreamObserver<FederatedFrame> events = clientEvents;
        StreamObserver<ROL> rol = clientRol;
        clientEvents = null;
        clientRol = null;
        this.rol.detach();
        if (events != null) {
            synchronized (outbound) {
                outbound.detach();
                safely(() -> events.onError(status.asRuntimeException()));
            }
        }
        if (rol != null) {
            safely(() -> rol.onError(status.asRuntimeException()));
        }
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (IllegalStateException alreadyClosed) {
            // The call ended on its own meanwhile.
        }
    }

    @Override
    public String toString() {
        return "V2Session[" + displayName + " " + fingerprint + "]";
    }
}
