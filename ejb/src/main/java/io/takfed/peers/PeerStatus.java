package io.takfed.peers;

/** The link states a peer can be in, as the API spells them. */
public final class PeerStatus {

    public static final String DISCONNECTED = "disconnected";
    public static final String DISABLED = "disabled";
    public static final String CONNECTED = "connected";
    /** An administrator refused the certificate: its connections are denied before any work, until re-enabled. */
    public static final String REJECTED = "rejected";

    private PeerStatus() {
    }

    /** The state a peer rests in when no link exists. */
    static String idle(boolean enabled) {
        return enabled ? DISCONNECTED : DISABLED;
    }
}
