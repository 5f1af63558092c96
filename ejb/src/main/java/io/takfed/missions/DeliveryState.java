package io.takfed.missions;

import java.time.Instant;
import java.util.Optional;

/**
 * Where mission delivery to one peer stands, as {@code /status} shows it: the cursor, and why and until when it
 * waits after a failure, and the live session if there is one. {@code started} false: the peer has had no ROL
 * session yet. {@code session} empty: none is live now.
 */
public record DeliveryState(boolean started, long deliveredSeq, int consecutiveFailures, Instant nextAttemptAt,
                            String lastError, Instant disconnectedAt, Optional<DeliverySessions.Live> session) {

    public static DeliveryState of(DeliveryCursor cursor, Optional<DeliverySessions.Live> session) {
        return cursor == null ? new DeliveryState(false, 0, 0, null, null, null, session)
                : new DeliveryState(true, cursor.getDeliveredSeq(), cursor.getConsecutiveFailures(),
                        cursor.getNextAttemptAt(), cursor.getLastError(), cursor.getDisconnectedAt(), session);
    }
}
