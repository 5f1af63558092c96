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

    @Override
    void close();
}
