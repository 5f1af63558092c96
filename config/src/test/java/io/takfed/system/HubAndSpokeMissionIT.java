package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.connector.v2.TakLikeClient;
import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import io.takfed.wire.v2.ROL;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hub and spoke: takfed X is the hub; takfed Y and a TAK-like server T are its spokes. A mission made on Y reaches
 * T through X, one made on T reaches Y through X, and none comes back to where it was made.
 */
class HubAndSpokeMissionIT {

    private static final String SERVERS = "/api/federation/servers";
    private static final String MISSIONS = "/api/missions";

    @TempDir
    Path work;

    @Test
    void missionsMadeOnEitherSpokeReachTheOtherThroughTheHubAndNeverComeBack() throws Exception {
        DevelopmentPki.Issued tak = DevelopmentPki.federationCertificate(Peers.PEER_CA, "tak-t", List.of("tak-t"),
                List.of());
        try (FederatedPair pair = FederatedPair.start(work, "hub-x", "spoke-y", true)) {
            TakfedProcess x = pair.x();
            TakfedProcess y = pair.y();
            Api apiX = pair.apiX();
            Api apiY = pair.apiY();
            PeerStates.yDialsX(apiX, apiY, x, y);
            X509Certificate xDevCa = Pem.certificates(Files.readString(x.dataDirectory().resolve("pki/ca.pem")))
                    .get(0);
            try (TakLikeClient t = new TakLikeClient(x.v2Port(), tak, xDevCa, "T").connect()) {
                PeerStates.approve(apiX, PeerStates.await(apiX, PeerStates.certificate(tak)));
                PeerStates.await(apiX, PeerStates.certificate(tak).and(PeerStates.status("connected")));

                assertEquals(201, apiY.post(MISSIONS, Json.createObjectBuilder().add("name", "from-y")
                        .add("groups", Json.createArrayBuilder().add("blue")).build()).status());
                assertEquals(201, apiY.post(MISSIONS, Json.createObjectBuilder().add("name", "y-only").build())
                        .status(), "a mission without groups stays local");
                MissionLog.await(() -> apiX.get(MISSIONS + "/from-y").status() == 200, "Y's mission reaches the hub", Duration.ofSeconds(60));
                ROL atT = awaitRol(t, "from-y");
                assertNotNull(atT, "and the TAK-like spoke, through the hub");
                assertTrue(atT.getProgram().startsWith("create mission\n{\"type\":\"MissionMetadata\""),
                        atT.getProgram());

                // The program as TAK writes it (spec 4.3).
                t.sendRol("create mission\n{\"type\":\"MissionMetadata\",\"name\":\"from-t\",\"creatorUid\":"
                        + "\"ANDROID-T\",\"description\":\"tak's\",\"chatRoom\":\"\",\"tool\":\"public\","
                        + "\"boundingPolygon\":\"\",\"bbox\":\"\",\"passwordHash\":\"\",\"path\":\"\","
                        + "\"classification\":\"\",\"baseLayer\":\"\",\"parentMissionId\":0,\"defaultRoleId\":0,"
                        + "\"expiration\":0,\"inviteOnly\":false,\"guid\":\"guid-from-t\"};");
                MissionLog.await(() -> apiX.get(MISSIONS + "/from-t").status() == 200, "T's mission reaches the hub", Duration.ofSeconds(60));
                MissionLog.await(() -> apiY.get(MISSIONS + "/from-t").status() == 200, "and the other spoke", Duration.ofSeconds(60));
                // A package announcement as TAK writes it (spec 4.3) is passed on as it came (spec 6.3).
                String announce = "announce package\n{\"type\":\"ResourceDetails\",\"sha256\":\""
                        + "ab".repeat(32) + "\",\"senderUid\":\"{\\\"uids\\\":[],\\\"callsigns\\\":[]}\","
                        + "\"name\":\"pkg.zip\",\"filename\":\"pkg.zip\",\"senderUrl\":\"\",\"tsStored\":"
                        + "1700000000000,\"senderCallsign\":\"ALPHA\",\"sizeInBytes\":1234};";
                t.sendRol(announce);
                MissionLog.await(() -> MissionLog.changes(apiY).stream().anyMatch(c -> c.getString("change_type")
                        .equals("ANNOUNCE_PACKAGE") && c.getString("program").equals(announce)),
                        "T's package announcement reaches the other spoke as T wrote it", Duration.ofSeconds(60));

                Thread.sleep(3000);
                assertEquals(404, apiX.get(MISSIONS + "/y-only").status(), "groupless missions go nowhere");
                assertEquals(1, creates(apiY, "from-y"), "Y's own mission never comes back to Y");
                assertEquals(1, creates(apiX, "from-t"), "T's mission is applied once at the hub");
                assertTrue(t.rolReceived.stream().noneMatch(r -> r.getProgram().contains("\"from-t\"")),
                        "and never goes back to T");
                JsonObject atY = MissionLog.changes(apiY).stream().filter(c -> c.getString("mission_name").equals("from-t"))
                        .findFirst().orElseThrow();
                assertEquals(List.of("node-x", "node-y"), atY.getJsonArray("provenance")
                        .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList()
                        .subList(atY.getJsonArray("provenance").size() - 2, atY.getJsonArray("provenance").size()));
            }
        }
    }

    private static ROL awaitRol(TakLikeClient t, String mission) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            ROL rol = t.rolReceived.poll(1, TimeUnit.SECONDS);
            if (rol != null && rol.getProgram().contains("\"" + mission + "\"")) {
                return rol;
            }
        }
        return null;
    }

    private static long creates(Api api, String mission) throws Exception {
        return MissionLog.changes(api).stream().filter(c -> c.getString("mission_name").equals(mission)
                && c.getString("change_type").equals("CREATE_MISSION")).count();
    }


}
