package io.takfed.missions;

import java.time.Instant;
import java.util.Optional;

/**
 * Where mission delivery to one peer stands, as {@code /status} shows it: the cursor, and why and until when it
 * waits after a failure, and the live session if there is one. {@code started} false: the peer has had no ROL
 * session yet. {@code session} empty: none is live now. {@code blockedBy}: why nothing goes to the peer now, or null.
 */
public record DeliveryState(boolean started, long deliveredSeq, int consecutiveFailures, Instant nextAttemptAt,
                            String lastError, Instant disconnectedAt, Optional<DeliverySessions.Live> session,
                            DeliveryBlock blockedBy) {

    /**
     * @param missionFederation TAK's allowMissionFederation, here {@code TAKFED_ALLOW_MISSION_FEDERATION}
     */
    public static DeliveryState of(DeliveryCursor cursor, Optional<DeliverySessions.Live> session,
                                   boolean missionFederation, boolean peerEnabled, boolean syncMissions, Instant now) {
        DeliveryBlock block = DeliveryBlock.of(missionFederation, peerEnabled, syncMissions, session.isPresent(),
                cursor != null && cursor.waitingToRetry(now));
        return cursor == null ? new DeliveryState(false, 0, 0, null, null, null, session, block)
                : new DeliveryState(true, cursor.getDeliveredSeq(), cursor.getConsecutiveFailures(),
                        cursor.getNextAttemptAt(), cursor.getLastError(), cursor.getDisconnectedAt(), session, block);
    }
}
