package io.takfed.missions;

/**
 * Why no mission change is going to a peer now, as {@code /status} labels it (a closed set): the first that holds, in
 * the order an operator would have to clear them. None holds while a session is live and no retry is waiting.
 */
public enum DeliveryBlock {
    /** {@code TAKFED_ALLOW_MISSION_FEDERATION=false}: nothing is sent to any peer or taken from one. */
    MISSION_FEDERATION_OFF("mission-federation-off"),
    /** The peer is not approved, or an administrator disabled it. */
    PEER_DISABLED("peer-disabled"),
    /** The peer's {@code sync_missions} is off. */
    SYNC_MISSIONS_OFF("sync-missions-off"),
    /** No v2 session with the peer is open: it is not connected, or only over v1, which carries no missions. */
    NO_ROL_SESSION("no-rol-session"),
    /** A session is open and the last one failed: delivery waits until {@code next_attempt_at}. */
    RETRY_BACKOFF("retry-backoff");

    private final String label;

    DeliveryBlock(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The block that holds for a peer in this state, or null when changes may flow to it now; {@code waitingToRetry}
     * as {@link DeliveryCursor#waitingToRetry} says.
     */
    public static DeliveryBlock of(boolean missionFederation, boolean peerEnabled, boolean syncMissions,
                                   boolean sessionLive, boolean waitingToRetry) {
        if (!missionFederation) {
            return MISSION_FEDERATION_OFF;
        }
        if (!peerEnabled) {
            return PEER_DISABLED;
        }
        if (!syncMissions) {
            return SYNC_MISSIONS_OFF;
        }
        if (!sessionLive) {
            return NO_ROL_SESSION;
        }
        return waitingToRetry ? RETRY_BACKOFF : null;
    }
}
