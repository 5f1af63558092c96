package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable mission federation between two takfed processes over v2: Y dials X; what X changes reaches Y; while Y is
 * down X makes 1,000 changes, which Y receives in order when it returns; X is killed with SIGKILL while it drains
 * them, before it could confirm delivery, and after its restart Y still holds each change once.
 */
class MissionFederationIT {

    private static final String SERVERS = "/api/federation/servers";
    private static final String MISSIONS = "/api/missions";
    private static final int CHANGES = 1000;

    @TempDir
    Path work;

    @Test
    void aPeerThatWasDownGetsEveryChangeInOrderAndAKilledSenderAppliesNothingTwice() throws Exception {
        try (FederatedPair pair = FederatedPair.start(work, "mission-x", "mission-y", false)) {
            TakfedProcess x = pair.x();
            TakfedProcess y = pair.y();
            Api apiX = pair.apiX();
            Api apiY = pair.apiY();
            PeerStates.Link link = PeerStates.yDialsX(apiX, apiY, x, y);
            long yAtX = link.yAtX();

            // Missions travel in their groups, as CoT does: blue is what X and Y share.
            assertEquals(201, apiX.post(MISSIONS, Json.createObjectBuilder().add("name", "ops")
                    .add("description", "federated").add("groups", Json.createArrayBuilder().add("blue")).build())
                    .status());
            MissionLog.await(() -> apiY.get(MISSIONS + "/ops").status() == 200, "the new mission reaches Y", Duration.ofSeconds(120));
            MissionLog.await(() -> MissionLog.pending(apiX, yAtX) == 0,
                    "and its delivery is confirmed", Duration.ofSeconds(120));

            y.stop();
            for (int i = 0; i < CHANGES; i++) {
                Api.Reply added = apiX.put(MISSIONS + "/ops/contents", Json.createObjectBuilder()
                        .add("uids", Json.createArrayBuilder().add("uid-" + i)).build());
                assertEquals(200, added.status(), added.body());
            }
            assertEquals(CHANGES, MissionLog.pending(apiX, yAtX),
                    "X holds every change for Y while Y is down");

            y.start();
            MissionLog.await(() -> MissionLog.uids(apiY, "ops", "").size() > 0, "Y starts receiving when it is back", Duration.ofSeconds(120));
            long unconfirmed = MissionLog.pending(apiX, yAtX);
            x.kill();
            assertTrue(unconfirmed > 0, "X was killed before it could confirm the drain (" + unconfirmed
                    + " pending), so its restart sends those again");
            x.start();
            MissionLog.await(() -> MissionLog.uids(apiY, "ops", "").size() == CHANGES, "after X's restart Y has every change", Duration.ofSeconds(120));
            MissionLog.await(() -> MissionLog.pending(apiX, yAtX) == 0,
                    "and X's cursor for Y is at the end of its log", Duration.ofSeconds(120));

            JsonObject delivery = apiX.get(SERVERS + "/" + yAtX + "/status").json().getJsonObject("status")
                    .getJsonObject("delivery");
            assertTrue(delivery.getBoolean("started"), delivery.toString());
            assertEquals(0, delivery.getInt("consecutive_failures"), delivery.toString());
            assertTrue(delivery.isNull("next_attempt_at"), "no retry is waiting: " + delivery);

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < CHANGES; i++) {
                expected.add("uid-" + i);
            }
            assertEquals(expected, MissionLog.uids(apiY, "ops", ""), "in the order X made them");
            List<JsonObject> applied = MissionLog.changes(apiY).stream()
                    .filter(c -> c.getString("change_type").equals("ADD_CONTENT")).toList();
            assertEquals(CHANGES, applied.size(), "each change applied once, the replay after the kill included");
            assertTrue(applied.stream().allMatch(c -> c.getJsonArray("provenance").getValuesAs(JsonString.class)
                    .stream().map(JsonString::getString).toList().equals(List.of("node-x", "node-y"))));
            JsonObject received = apiY.get(SERVERS + "/" + link.hubAtY() + "/status").json()
                    .getJsonObject("status").getJsonObject("received");
            assertEquals(CHANGES, received.getInt("applied"), "Y counts what it applied from X since its "
                    + "restart, replays apart: " + received);
            assertEquals(0, received.getInt("ignored"), received.toString());
            assertTrue(delivery.isNull("blocked_by"), "a live session with nothing waiting: " + delivery);

            missionFederationOffSendsAndAppliesNothingAndKeepsEveryLocalChange(x, apiX, apiY, yAtX, link.hubAtY());
        }
    }

    /** TAK's allowMissionFederation off at X: X's changes wait in its log, Y's are counted and not applied. */
    private static void missionFederationOffSendsAndAppliesNothingAndKeepsEveryLocalChange(TakfedProcess x, Api apiX,
            Api apiY, long yAtX, long hubAtY) throws Exception {
        x.stop();
        x.set("TAKFED_ALLOW_MISSION_FEDERATION", "false").start();
        PeerStates.await(apiX, p -> p.getJsonNumber("id").longValue() == yAtX && "connected".equals(
                p.getString("status", "")));
        assertEquals(200, apiX.put(MISSIONS + "/ops/contents", Json.createObjectBuilder()
                .add("uids", Json.createArrayBuilder().add("kept-while-off")).build()).status());
        assertEquals(200, apiY.put(MISSIONS + "/ops/contents", Json.createObjectBuilder()
                .add("uids", Json.createArrayBuilder().add("sent-to-x-while-off")).build()).status());
        try {
            MissionLog.await(() -> received(apiX, yAtX).getInt("ignored") == 1,
                    "X counts Y's change as ignored", Duration.ofSeconds(60));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; X: " + apiX.get(SERVERS + "/" + yAtX + "/status").body()
                    + "; Y: " + apiY.get(SERVERS).body() + " " + apiY.get(SERVERS + "/" + hubAtY + "/status").body(), e);
        }
        assertEquals(List.of(), MissionLog.uids(apiX, "ops", "sent-to-x-while-off"), "and does not apply it");
        JsonObject delivery = apiX.get(SERVERS + "/" + yAtX + "/status").json().getJsonObject("status")
                .getJsonObject("delivery");
        assertEquals("mission-federation-off", delivery.getString("blocked_by"), delivery.toString());
        assertEquals(1, MissionLog.pending(apiX, yAtX), "X keeps its own change for Y");
        assertEquals(List.of(), MissionLog.uids(apiY, "ops", "kept-while-off"),
                "and sends it nowhere while the link is up");

        x.stop();
        x.set("TAKFED_ALLOW_MISSION_FEDERATION", "true").start();
        MissionLog.await(() -> MissionLog.uids(apiY, "ops", "kept-while-off").size() == 1,
                "with missions on again Y gets what X kept", Duration.ofSeconds(120));
        MissionLog.await(() -> MissionLog.pending(apiX, yAtX) == 0, "and X's cursor moves past it",
                Duration.ofSeconds(120));
    }

    private static JsonObject received(Api api, long peerId) throws Exception {
        return api.get(SERVERS + "/" + peerId + "/status").json().getJsonObject("status").getJsonObject("received");
    }
}
