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
        }
    }
}
