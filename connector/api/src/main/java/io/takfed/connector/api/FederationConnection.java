package io.takfed.connector.api;

/**
 * A handle on the transport owned by the resource adapter. Cheap to obtain; close it when done.
 * Methods never throw for network failures: those come back labelled inside the result.
 */
public interface FederationConnection extends AutoCloseable {

    /** The adapter's lifecycle and TLS identity as it is right now. */
    TransportStatus status();

    /** One TCP connect and TLS handshake on a fresh socket; never touches a live federation link. */
    ProbeResult probe(ProbeRequest request);

    /** Replaces the routing policy of every listener and link; effective for the next event. */
    void applyRouting(io.takfed.connector.api.routing.RoutingTable table);

    /** Dials an outbound peer unless a live link to it exists; progress shows in {@link #links()}. */
    void dial(DialRequest request);

    /** Ends the outbound link to a peer, if any. */
    void hangUp(long peerId);

    /** Every live link right now. */
    java.util.List<LinkReport> links();

    /** The groups each approved peer advertised last (FederateGroups, events' federateGroups), by fingerprint. */
    java.util.Map<String, java.util.List<String>> advertisedGroups();

    /** The v2 sessions that can carry ROL to their peer now. */
    java.util.List<RolLink> rolLinks();

    /**
     * Writes {@code messages} in order on the session's ROL stream; returns the ticket of the last one (the first
     * is that minus the count plus one). Throws {@link IllegalStateException} when the session is gone.
     */
    long sendRol(String sessionId, java.util.List<RolMessage> messages);

    /** The oldest received ROL messages not yet acknowledged, at most {@code max}, in arrival order per session. */
    java.util.List<ReceivedRol> receivedRol(int max);

    /** Forgets the session's received messages up to {@code number}: they are applied and committed. */
    void ackRol(String sessionId, long number);

    @Override
    void close();
}
