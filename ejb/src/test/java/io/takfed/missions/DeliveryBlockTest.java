package io.takfed.missions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryBlockTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aLiveSessionWithNoRetryWaitingIsNotBlocked() {
        assertNull(DeliveryBlock.of(true, true, true, true, false));
        DeliveryCursor cursor = new DeliveryCursor(1);
        cursor.setNextAttemptAt(NOW.minusSeconds(1));
        assertNull(DeliveryBlock.of(true, true, true, true, cursor.waitingToRetry(NOW)), "a retry time passed");
    }

    @Test
    void theFirstBlockAnOperatorMustClearIsTheOneReported() {
        DeliveryCursor waiting = new DeliveryCursor(1);
        waiting.setNextAttemptAt(NOW.plusSeconds(9));
        boolean retry = waiting.waitingToRetry(NOW);
        assertEquals(DeliveryBlock.MISSION_FEDERATION_OFF, DeliveryBlock.of(false, false, false, false, false));
        assertEquals(DeliveryBlock.PEER_DISABLED, DeliveryBlock.of(true, false, false, false, false));
        assertEquals(DeliveryBlock.SYNC_MISSIONS_OFF, DeliveryBlock.of(true, true, false, true, false));
        assertEquals(DeliveryBlock.NO_ROL_SESSION, DeliveryBlock.of(true, true, true, false, retry));
        assertEquals(DeliveryBlock.RETRY_BACKOFF, DeliveryBlock.of(true, true, true, true, retry));
    }

    @Test
    void labelsAreTheOnesTheApiDocuments() {
        assertEquals("mission-federation-off", DeliveryBlock.MISSION_FEDERATION_OFF.label());
        assertEquals("peer-disabled", DeliveryBlock.PEER_DISABLED.label());
        assertEquals("sync-missions-off", DeliveryBlock.SYNC_MISSIONS_OFF.label());
        assertEquals("no-rol-session", DeliveryBlock.NO_ROL_SESSION.label());
        assertEquals("retry-backoff", DeliveryBlock.RETRY_BACKOFF.label());
    }
}
