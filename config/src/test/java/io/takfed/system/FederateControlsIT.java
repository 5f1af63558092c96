package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.connector.v1.TakLikeV1Peer;
import io.takfed.connector.v2.TakEvents;
import io.takfed.connector.v2.TakLikeClient;
import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import io.takfed.wire.v2.FederateGroups;
import io.takfed.wire.v2.FederatedEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TAK 5.7's per-federate controls end to end. A takfed hub between TAK-like federates whose group names differ: A
 * (v2) sends in its own groups, which reach B (v2) and C (v1) only through A's configured mapping; C does not share
 * alerts. And two takfed processes, X sending Y only the missions Y's per-mission federation and filter allow.
 */
class FederateControlsIT {

    private static final String SERVERS = "/api/federation/servers";
    private static final String MISSIONS = "/api/missions";

    @TempDir
    Path work;

    private static DevelopmentPki.Issued site(String name) {
        return DevelopmentPki.federationCertificate(Peers.PEER_CA, name, List.of(name), List.of());
    }

    private static FederatedEvent event(String uid, String type, String... groups) {
        return FederatedEvent.newBuilder(TakEvents.event(TakEvents.position(uid, "a-f-G", 1, 2).setType(type)))
                .addAllFederateGroups(List.of(groups)).build();
    }

    private static long approve(Api api, DevelopmentPki.Issued who, JsonObjectBuilder fields) throws Exception {
        long id = PeerStates.await(api, PeerStates.certificate(who).and(PeerStates.status("pending_approval")));
        PeerStates.approve(api, id, fields);
        PeerStates.await(api, PeerStates.certificate(who).and(PeerStates.status("connected")));
        return id;
    }

    @Test
    void federatesWithOtherGroupNamesExchangeEventsOnlyThroughTheMappingOverV2AndV1() throws Exception {
        Path ca = Files.writeString(work.resolve("federates-ca.pem"), Pem.write(Peers.PEER_CA.certificate()));
        DevelopmentPki.Issued siteA = site("site-a");
        DevelopmentPki.Issued siteB = site("site-b");
        DevelopmentPki.Issued siteC = site("site-c");
        try (TakfedProcess takfed = new TakfedProcess("mapping-hub", work.resolve("data"),
                Map.of("OTS_FEDERATION_CA_FILE", ca.toString(), "OTS_NODE_ID", "hub")).start()) {
            Api api = new Api(takfed.base(), takfed.adminToken());
            X509Certificate takfedCa = Pem.certificates(Files.readString(takfed.dataDirectory().resolve("pki/ca.pem")))
                    .get(0);
            try (TakLikeClient a = new TakLikeClient(takfed.v2Port(), siteA, takfedCa, "A").connect();
                 TakLikeClient b = new TakLikeClient(takfed.v2Port(), siteB, takfedCa, "B").connect();
                 TakLikeV1Peer c = new TakLikeV1Peer(siteC, takfedCa).dial(takfed.v1Port())) {
                // A's own groups are red and black; only red is mapped, to our blue. It has no inbound groups.
                long idA = approve(api, siteA, Json.createObjectBuilder().add("federated_group_mapping", true)
                        .add("inbound_group_mapping", Json.createObjectBuilder().add("red",
                                Json.createArrayBuilder().add("blue"))));
                approve(api, siteB, Json.createObjectBuilder());
                approve(api, siteC, Json.createObjectBuilder().add("share_alerts", false));
                api.put(SERVERS + "/" + idA, Json.createObjectBuilder().add("inbound_groups",
                        Json.createArrayBuilder()).build());
                a.advertise(List.of("red", "black"));

                a.send(event("A-red", "a-f-G", "red"));
                FederatedEvent atB = b.received.poll(10, TimeUnit.SECONDS);
                assertNotNull(atB, "A's red event reaches B (v2) as blue");
                assertEquals("A-red", atB.getEvent().getUid());
                assertEquals(List.of("blue"), atB.getFederateGroupsList());
                FederatedEvent atC = c.received.poll(10, TimeUnit.SECONDS);
                assertNotNull(atC, "and C (v1)");
                assertEquals("A-red", atC.getEvent().getUid());

                a.send(event("A-black", "a-f-G", "black"));
                a.send(event("A-none", "a-f-G"));
                assertNull(b.received.poll(2, TimeUnit.SECONDS), "black maps to nothing, and nothing falls back");
                assertNull(c.received.poll(1, TimeUnit.SECONDS), "nor on v1");

                a.send(event("A-alert", "b-a-o-tbl", "red"));
                FederatedEvent alert = b.received.poll(10, TimeUnit.SECONDS);
                assertNotNull(alert, "B shares alerts");
                assertEquals("A-alert", alert.getEvent().getUid());
                assertNull(c.received.poll(2, TimeUnit.SECONDS), "C does not share alerts");

                b.send(event("B-pli", "a-f-G"));
                FederatedEvent back = a.received.poll(10, TimeUnit.SECONDS);
                assertNotNull(back, "B's event reaches A by A's outbound groups");
                assertEquals(List.of("blue"), back.getFederateGroupsList(), "carrying our group for A to map");
                assertEquals("B-pli", c.received.poll(10, TimeUnit.SECONDS).getEvent().getUid());

                JsonObject shownA = PeerStates.awaitServer(api, idA, p -> p.getJsonArray("remote_groups").size() == 2);
                assertEquals(List.of("black", "red"), shownA.getJsonArray("remote_groups")
                        .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList(),
                        "what A advertised is stored and shown");
            }
            // A dials in again: with mapping on, takfed advertises its outbound groups for A, as TAK's server does.
            try (TakLikeClient again = new TakLikeClient(takfed.v2Port(), siteA, takfedCa, "A").connect()) {
                FederateGroups advertised = again.groupsFromServer.poll(10, TimeUnit.SECONDS);
                assertNotNull(advertised, "our groups are advertised to a federate with group mapping");
                assertEquals(List.of("blue"), advertised.getFederateGroupsList());
            }
        }
    }

    @Test
    void missionsGoToAPeerOnlyWhereItsPerMissionFederationAndFilterBothAllow() throws Exception {
        try (FederatedPair pair = FederatedPair.start(work, "controls-x", "controls-y", false)) {
            Api apiX = pair.apiX();
            Api apiY = pair.apiY();
            PeerStates.Link link = PeerStates.yDialsX(apiX, apiY, pair.x(), pair.y());
            long yAtX = link.yAtX();
            assertEquals(200, apiX.put(SERVERS + "/" + yAtX, Json.createObjectBuilder()
                    .add("mission_federate_default", false)
                    .add("mission_federation", Json.createObjectBuilder().add("ops", true)).build()).status());
            for (String mission : List.of("secret", "ops")) {
                assertEquals(201, apiX.post(MISSIONS, Json.createObjectBuilder().add("name", mission)
                        .add("groups", Json.createArrayBuilder().add("blue")).build()).status());
            }
            MissionLog.await(() -> apiY.get(MISSIONS + "/ops").status() == 200, "ops, switched on, reaches Y",
                    Duration.ofSeconds(60));
            MissionLog.await(() -> MissionLog.pending(apiX, yAtX) == 0, "and is confirmed", Duration.ofSeconds(60));
            assertEquals(404, apiY.get(MISSIONS + "/secret").status(), "secret is off by the default");

            assertEquals(200, apiX.put(SERVERS + "/" + yAtX, Json.createObjectBuilder().add("mission_federation",
                    Json.createObjectBuilder().add("ops", true).add("secret", true)).build()).status());
            addContent(apiX, "secret", "uid-after-switch");
            MissionLog.await(() -> MissionLog.uids(apiY, "secret", "").contains("uid-after-switch"),
                    "switched on, secret's next change reaches Y, the mission with it", Duration.ofSeconds(60));

            assertEquals(200, apiX.put(SERVERS + "/" + yAtX, Json.createObjectBuilder().add("mission_filter",
                    Json.createArrayBuilder().add("ops")).build()).status());
            addContent(apiX, "secret", "uid-filtered");
            addContent(apiX, "ops", "uid-ops");
            MissionLog.await(() -> MissionLog.uids(apiY, "ops", "").contains("uid-ops"), "ops passes both",
                    Duration.ofSeconds(60));
            MissionLog.await(() -> MissionLog.pending(apiX, yAtX) == 0, "all that is meant for Y is confirmed",
                    Duration.ofSeconds(60));
            assertTrue(!MissionLog.uids(apiY, "secret", "").contains("uid-filtered"),
                    "secret is switched on but the filter admits only ops: both must allow it");

            // Group mapping on both sides: X sends each change's groups for Y (blue), Y maps blue to its green.
            assertEquals(200, apiX.put(SERVERS + "/" + yAtX, Json.createObjectBuilder().addNull("mission_filter")
                    .add("mission_federate_default", true).add("federated_group_mapping", true).build()).status());
            assertEquals(200, apiY.put(SERVERS + "/" + link.hubAtY(), Json.createObjectBuilder()
                    .add("federated_group_mapping", true).add("inbound_group_mapping", Json.createObjectBuilder()
                            .add("blue", Json.createArrayBuilder().add("green"))).build()).status());
            assertEquals(201, apiX.post(MISSIONS, Json.createObjectBuilder().add("name", "mapped")
                    .add("groups", Json.createArrayBuilder().add("blue")).build()).status());
            MissionLog.await(() -> apiY.get(MISSIONS + "/mapped").status() == 200, "the mission reaches Y",
                    Duration.ofSeconds(60));
            assertEquals(List.of("green"), apiY.get(MISSIONS + "/mapped").json().getJsonObject("mission")
                    .getJsonArray("groups").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList(),
                    "created at Y in the group X's blue maps to there");
        }
    }

    private static void addContent(Api api, String mission, String uid) throws Exception {
        Api.Reply added = api.put(MISSIONS + "/" + mission + "/contents", Json.createObjectBuilder()
                .add("uids", Json.createArrayBuilder().add(uid)).build());
        assertEquals(200, added.status(), added.body());
    }
}
