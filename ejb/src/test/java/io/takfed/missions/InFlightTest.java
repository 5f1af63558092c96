package io.takfed.missions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void skippedChangesConfirmWithTheTicketBeforeThemAndAreNotInFlight() {
        InFlight flight = new InFlight("s", 0);
        flight.skipped(1);
        flight.skipped(2);
        flight.sent(3, 1);
        flight.skipped(4);
        flight.skipped(5);
        flight.sent(6, 2);
        flight.skipped(7);

        assertEquals(2, flight.waiting(), "two changes were sent; five were only passed over");
        assertTrue(flight.unconfirmed());
        assertEquals(2, flight.confirm(0, true), "before anything is confirmed, the changes skipped before it are");
        assertEquals(5, flight.confirm(1, true), "the first ticket delivers what was skipped after it as well");
        assertEquals(1, flight.waiting());
        assertEquals(-1, flight.confirm(1, true), "nothing moves without a new ticket");
        assertEquals(7, flight.confirm(2, true));
        assertEquals(0, flight.waiting());
        assertFalse(flight.unconfirmed());
        assertEquals(7, flight.lastScanned());
    }

    @Test
    void aLongRunOfSkippedChangesHoldsOneEntry() {
        InFlight flight = new InFlight("s", 10);
        flight.sent(11, 1);
        for (long seq = 12; seq < 100_012; seq++) {
            flight.skipped(seq);
        }
        assertEquals(1, flight.waiting(), "only what was sent counts against the in-flight cap");
        assertEquals(100_011, flight.confirm(1, true));
    }

    @Test
    void changesSkippedAfterEverythingWasConfirmedAreNotInFlight() {
        InFlight flight = new InFlight("s", 0);
        flight.sent(1, 1);
        assertEquals(1, flight.confirm(1, false));
        flight.skipped(2);
        flight.skipped(3);
        assertEquals(0, flight.waiting());
        assertFalse(flight.unconfirmed(), "a session ending now has lost nothing it sent");
        assertEquals(3, flight.confirm(1, false));
        flight.sent(4, 2);
        flight.skipped(5);
        assertEquals(1, flight.waiting());
        assertTrue(flight.unconfirmed());
    }
}
