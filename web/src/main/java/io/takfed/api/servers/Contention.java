package io.takfed.api.servers;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import java.util.function.Supplier;

/**
 * An administrator's change to a peer, retried when it lost a lock race with takfed's own peer synchronisation
 * (every 2 s it writes link state to the same rows): the database then rolls one side back after its lock timeout,
 * and an operator's delete or update is not to fail with a 500 for it. Each attempt is a transaction of its own.
 */
final class Contention {

    static final int ATTEMPTS = 3;

    private Contention() {
    }

    static <T> T retried(Supplier<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return change.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !lostALock(e)) {
                    throw e;
                }
                pause(100L * attempt);
            }
        }
    }

    private static boolean lostALock(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof PessimisticLockException || t instanceof LockTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
