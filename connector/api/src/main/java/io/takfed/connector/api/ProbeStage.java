package io.takfed.connector.api;

/** The stages of a connection test, in the order they happen. */
public enum ProbeStage {
    DNS("dns"), TCP("tcp"), TLS("tls"),
    /** The presented certificate is usable for federation and is the one pinned for the peer, if any. */
    IDENTITY("identity"),
    /** Our own policy admits the peer: the strategy, its approval, and the groups it shares. */
    AUTHORIZATION("authorization"),
    /** The peer speaks the federation protocol to us: a v2 health check answered, a v1 link kept open. */
    PROTOCOL("protocol");

    private final String label;

    ProbeStage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
