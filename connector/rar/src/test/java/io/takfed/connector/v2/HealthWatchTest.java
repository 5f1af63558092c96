package io.takfed.connector.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The health window on a clock the test moves. */
class HealthWatchTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HealthWatch watch = new HealthWatch(now::get, Duration.ofSeconds(15), Duration.ofSeconds(3));

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void theSessionHoldsWhileASERVINGAnswerCameWithinTheWindow() {
        advance(Duration.ofSeconds(15));
        assertTrue(watch.lapsed().isEmpty(), "15 s without SERVING is still within the window");
        watch.serving();
        advance(Duration.ofSeconds(14));
        watch.unanswered();
        watch.unanswered();
        assertTrue(watch.lapsed().isEmpty(), "unanswered calls alone end nothing");
        advance(Duration.ofSeconds(2));
        assertTrue(watch.lapsed().isPresent(), "16 s after the last SERVING the session has lapsed");
    }

    @Test
    void notConnectedIsAskedAgainSoonThenLessOftenUpToTheInterval() {
        List<Long> delays = IntStream.range(0, 7).mapToObj(i -> watch.notServingYet()).toList();
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3000L, 3000L), delays);
        watch.serving();
        assertEquals(100L, watch.notServingYet(), "a SERVING answer starts the back-off over");
    }

    @Test
    void aPeerThatAnswersNothingIsNamedAsHavingHealthChecksOff() {
        for (int i = 0; i < 5; i++) {
            watch.sent();
            watch.unanswered();
        }
        advance(Duration.ofSeconds(16));
        String why = watch.lapsed().orElseThrow();
        assertTrue(why.contains("enableHealthCheck=false") && why.contains("5 never answered"), why);
    }

    @Test
    void aPeerThatOnlyEverAnsweredNotConnectedSaysSo() {
        watch.sent();
        watch.notServingYet();
        advance(Duration.ofSeconds(16));
        String why = watch.lapsed().orElseThrow();
        assertTrue(why.startsWith("no SERVING health answer in 15 s") && why.contains("1 answered NOT_CONNECTED"), why);
    }
}
