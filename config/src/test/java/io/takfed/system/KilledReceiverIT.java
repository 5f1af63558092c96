package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A takfed receiver killed with SIGKILL while changes it had received were not yet stored gets them all again,
 * once each, in both roles: X receiving as the server (Y dialled it), then Y as the client. Each receiver runs on a
 * real PostgreSQL, and a lock on its change log (as a stalled disk or a long transaction would) holds what it
 * received in memory while its health checks go on: the sender must not count those as delivered.
 */
class KilledReceiverIT {

    private static final String SERVERS = "/api/federation/servers";
    private static final String MISSIONS = "/api/missions";
    private static final int STORED = 50;
    private static final int HELD = 50;
    /** A short delivery retry interval: a receiver that died with changes unconfirmed is a failure to retry. */
    private static final Map<String, String> RETRY = Map.of("OTS_FEDERATION_RETRY_INTERVAL", "1");
    /** How often a v2 client checks its server's health (V2Link's fixed interval); each check may confirm. */
    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(3);
    /** Two health exchanges and some slack: long enough for the old rule to have confirmed what is held. */
    private static final Duration TWO_HEALTH_CHECKS = HEALTH_INTERVAL.multipliedBy(2).plusSeconds(2);

    @TempDir
    Path work;

    @Test
    void aReceiverKilledBeforeItStoredWhatItReceivedGetsItAllAgainOnceEach() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             FederatedPair pair = FederatedPair.start(work, "receiver-x", with(TakfedDatabase.create(postgres,
                     "receiver_x")), "receiver-y", with(TakfedDatabase.create(postgres, "receiver_y")), false)) {
            Api apiX = pair.apiX();
            Api apiY = pair.apiY();
            PeerStates.Link link = PeerStates.yDialsX(apiX, apiY, pair.x(), pair.y());
            assertEquals(201, apiX.post(MISSIONS, Json.createObjectBuilder().add("name", "ops")
                    .add("groups", Json.createArrayBuilder().add("blue")).build()).status());
            MissionLog.await(() -> apiY.get(MISSIONS + "/ops").status() == 200, "the mission reaches Y",
                    Duration.ofSeconds(60));

            // Y sends as the client; X receives as the server and is killed.
            drainToAKilledReceiver(postgres, "receiver_x", apiY, link.hubAtY(), pair.x(), "from-y-");
            MissionLog.await(() -> MissionLog.uids(apiX, "ops", "from-y-").size() == STORED + HELD,
                    "X, back, holds every change Y made", Duration.ofSeconds(120));
            assertAppliedOnce(apiX, "from-y-", "node-y");

            // X sends as the server; Y receives as the client and is killed.
            drainToAKilledReceiver(postgres, "receiver_y", apiX, link.yAtX(), pair.y(), "from-x-");
            MissionLog.await(() -> MissionLog.uids(apiY, "ops", "from-x-").size() == STORED + HELD,
                    "Y, back, holds every change X made", Duration.ofSeconds(120));
            assertAppliedOnce(apiY, "from-x-", "node-x");
            MissionLog.await(() -> MissionLog.pending(apiX, link.yAtX()) == 0,
                    "and X's cursor for Y is at the end", Duration.ofSeconds(60));
        }
    }

    /**
     * The sender makes {@link #STORED} changes, which the receiver stores, then {@link #HELD} more while the
     * receiver's change log is locked. Two health intervals later none of those is confirmed; the receiver is
     * killed, the lock let go, and the receiver started again.
     */
    private static void drainToAKilledReceiver(EmbeddedPostgres postgres, String receiverDb, Api sender, long peer,
                                               TakfedProcess receiver, String prefix) throws Exception {
        add(sender, prefix, 0, STORED);
        MissionLog.await(() -> MissionLog.pending(sender, peer) == 0,
                "the receiver stored the first " + STORED, Duration.ofSeconds(60));
        try (Connection lock = lockChangeLog(postgres, receiverDb)) {
            add(sender, prefix, STORED, HELD);
            JsonObject[] last = new JsonObject[1];
            try {
                MissionLog.await(() -> (last[0] = delivery(sender, peer)).getInt("in_flight", 0) == HELD,
                        "the sender wrote the rest to the receiver", Duration.ofSeconds(30));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; delivery " + last[0] + ", stats "
                        + MissionLog.stats(sender, peer));
            }
            Thread.sleep(TWO_HEALTH_CHECKS.toMillis());
            JsonObject delivery = delivery(sender, peer);
            assertEquals("receiver", delivery.getString("confirmed_by"), delivery.toString());
            assertEquals(HELD, MissionLog.pending(sender, peer),
                    "two health intervals on, nothing the receiver has not stored is confirmed: " + delivery);
            receiver.kill();
        }
        receiver.start();
    }

    /** A transaction on the receiver's database that keeps its change log from growing until it is closed. */
    private static Connection lockChangeLog(EmbeddedPostgres postgres, String db) throws SQLException {
        Connection c = postgres.getDatabase("postgres", db).getConnection();
        c.setAutoCommit(false);
        try (var sql = c.createStatement()) {
            // EXCLUSIVE lets readers through (the receiver still checks keys) and stops every insert.
            sql.execute("LOCK TABLE mission_change IN EXCLUSIVE MODE");
        }
        return c;
    }

    private static void add(Api api, String prefix, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            Api.Reply added = api.put(MISSIONS + "/ops/contents", Json.createObjectBuilder()
                    .add("uids", Json.createArrayBuilder().add(prefix + i)).build());
            assertEquals(200, added.status(), added.body());
        }
    }

    /** The receiver holds the sender's changes in order, and its log has each once (its own changes aside). */
    private static void assertAppliedOnce(Api receiver, String prefix, String sender) throws Exception {
        List<String> expected = java.util.stream.IntStream.range(0, STORED + HELD).mapToObj(i -> prefix + i).toList();
        assertEquals(expected, MissionLog.uids(receiver, "ops", prefix), "in the order they were made");
        long applied = MissionLog.changes(receiver).stream()
                .filter(c -> c.getString("change_type").equals("ADD_CONTENT") && c.getJsonArray("provenance")
                        .getString(0).equals(sender)).count();
        assertEquals(STORED + HELD, applied, "each change applied once, the replay after the kill included");
    }

    private static JsonObject delivery(Api api, long peerId) throws Exception {
        return api.get(SERVERS + "/" + peerId + "/status").json().getJsonObject("status").getJsonObject("delivery");
    }

    private static Map<String, String> with(Map<String, String> database) {
        Map<String, String> environment = new java.util.HashMap<>(database);
        environment.putAll(RETRY);
        return environment;
    }
}
