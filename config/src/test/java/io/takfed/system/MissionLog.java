package io.takfed.system;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the mission system tests read from a takfed: its whole change log, and a wait for a condition. */
final class MissionLog {

    /** A check that may call the API. */
    interface Condition {
        boolean holds() throws Exception;
    }

    private MissionLog() {
    }

    /** Every change-log entry, oldest first, page by page. */
    static List<JsonObject> changes(Api api) throws Exception {
        List<JsonObject> all = new ArrayList<>();
        long after = 0;
        while (true) {
            var page = api.get("/api/missions/changes?limit=1000&after=" + after).json().getJsonArray("changes")
                    .getValuesAs(JsonObject.class);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1).getJsonNumber("seq").longValue();
        }
    }

    static void await(Condition condition, String what, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
    }
}
