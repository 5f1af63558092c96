package io.takfed.connector.v2;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What the health checks of one dialled v2 session add up to, as TAK Server answers them (spec 3.5.5, 3.6): it
 * registers our ClientEventStream only after its federate look-ups and answers NOT_CONNECTED until then, leaving
 * that call open; it completes SERVING answers; with health checking off it answers nothing. So no single call
 * decides: the session holds while a SERVING answer arrived within the window, which is TAK's own server timeout
 * (15 s without a check ends a session there too), and an open call running into its deadline is not a failure.
 */
final class HealthWatch {

    /** TAK's server ends a session whose checks stopped for this long; we allow the peer's answers no less. */
    static final Duration WINDOW = Duration.ofSeconds(15);
    /** The first re-check after a NOT_CONNECTED answer while the session is set up; it doubles up to the interval. */
    static final Duration FIRST_RECHECK = Duration.ofMillis(100);

    private final LongSupplier nanoClock;
    private final long windowNanos;
    private final long intervalMillis;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger notServing = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    private final AtomicInteger rechecks = new AtomicInteger();
    private volatile long lastServingNanos;
    private volatile boolean everServing;

    HealthWatch(LongSupplier nanoClock, Duration window, Duration interval) {
        this.nanoClock = nanoClock;
        this.windowNanos = window.toNanos();
        this.intervalMillis = interval.toMillis();
        this.lastServingNanos = nanoClock.getAsLong();
    }

    void sent() {
        sent.incrementAndGet();
    }

    void serving() {
        lastServingNanos = nanoClock.getAsLong();
        everServing = true;
        rechecks.set(0);
    }

    /**
     * A NOT_CONNECTED (or other) answer while the session is being set up: the peer has not registered our event
     * stream yet. Returns how long to wait before asking again, doubling from {@link #FIRST_RECHECK} to the interval.
     */
    long notServingYet() {
        notServing.incrementAndGet();
        int n = Math.min(rechecks.getAndIncrement(), 16);
        return Math.min(FIRST_RECHECK.toMillis() << n, intervalMillis);
    }

    /** A call that got no answer before its deadline (TAK leaves some open; with health off, all of them). */
    void unanswered() {
        expired.incrementAndGet();
    }

    /** Why the session must end, once no SERVING answer arrived within the window. */
    Optional<String> lapsed() {
        long silentNanos = nanoClock.getAsLong() - lastServingNanos;
        if (silentNanos <= windowNanos) {
            return Optional.empty();
        }
        String counts = sent.get() + " health checks sent, " + notServing.get() + " answered NOT_CONNECTED or other, "
                + expired.get() + " never answered";
        if (!everServing && notServing.get() == 0 && expired.get() > 0) {
            return Optional.of("no health check answered in " + WINDOW.toSeconds() + " s (" + counts
                    + "): the peer has health checking off (TAK's enableHealthCheck=false) or is stalled, and takfed"
                    + " keeps no link whose peer it cannot see alive");
        }
        return Optional.of("no SERVING health answer in " + WINDOW.toSeconds() + " s (" + counts + ")");
    }
}
