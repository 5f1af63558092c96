package io.takfed.missions;

import java.time.Instant;

/**
 * Where mission delivery to one peer stands, as {@code /status} shows it: the cursor, and why and until when it
 * waits after a failure. {@code started} false: the peer has had no ROL session yet.
 */
public record DeliveryState(boolean started, long deliveredSeq, int consecutiveFailures, Instant nextAttemptAt,
                            String lastError, Instant disconnectedAt) {

    public static DeliveryState of(DeliveryCursor cursor) {
        return cursor == null ? new DeliveryState(false, 0, 0, null, null, null)
                : new DeliveryState(true, cursor.getDeliveredSeq(), cursor.getConsecutiveFailures(),
                        cursor.getNextAttemptAt(), cursor.getLastError(), cursor.getDisconnectedAt());
    }
}
