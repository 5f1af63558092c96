package io.takfed.system;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the mission system tests read from a takfed: its whole change log, a peer's delivery counters, a mission's
 * CoT uids, and a wait for a condition.
 */
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

    /** The {@code stats} of {@code GET /api/federation/servers/{id}/status}: total, sent, pending, failed. */
    static JsonObject stats(Api api, long peerId) throws Exception {
        return api.get("/api/federation/servers/" + peerId + "/status").json().getJsonObject("status")
                .getJsonObject("stats");
    }

    /** Changes made for the peer and not yet confirmed by it: its {@code stats.pending_changes}. */
    static long pending(Api api, long peerId) throws Exception {
        return stats(api, peerId).getJsonNumber("pending_changes").longValue();
    }

    /** The CoT uids of a mission that start with {@code prefix}, in the mission's order; none while it is absent. */
    static List<String> uids(Api api, String mission, String prefix) throws Exception {
        Api.Reply reply = api.get("/api/missions/" + mission);
        return reply.status() != 200 ? List.of() : reply.json().getJsonObject("mission").getJsonArray("uids")
                .getValuesAs(JsonString.class).stream().map(JsonString::getString).filter(u -> u.startsWith(prefix))
                .toList();
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
