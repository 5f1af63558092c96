package io.takfed.api.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ejb.EJBTransactionRolledbackException;
import jakarta.persistence.PessimisticLockException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An administrator's change is tried again only when it lost a lock race, and not forever. */
class ContentionTest {

    private static RuntimeException lostLock() {
        EJBTransactionRolledbackException rolledBack = new EJBTransactionRolledbackException("rolled back");
        rolledBack.initCause(new PessimisticLockException("Timeout trying to lock table FEDERATION_SERVER"));
        return rolledBack;
    }

    @Test
    void aChangeThatLostALockRaceIsTriedAgainInANewAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        String done = Contention.retried(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw lostLock();
            }
            return "deleted";
        });
        assertEquals("deleted", done);
        assertEquals(2, attempts.get());
    }

    @Test
    void anyOtherFailureIsNotTriedAgainAndContentionGivesUpAfterThreeAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException other = new IllegalStateException("no such peer");
        assertSame(other, assertThrows(IllegalStateException.class, () -> Contention.retried(() -> {
            attempts.incrementAndGet();
            throw other;
        })));
        assertEquals(1, attempts.get());
        attempts.set(0);
        assertThrows(EJBTransactionRolledbackException.class, () -> Contention.retried(() -> {
            attempts.incrementAndGet();
            throw lostLock();
        }));
        assertEquals(Contention.ATTEMPTS, attempts.get());
    }
}
