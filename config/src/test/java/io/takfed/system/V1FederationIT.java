package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.connector.v1.TakLikeV1Peer;
import io.takfed.connector.v2.TakLikeClient;
import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import io.takfed.connector.v2.TakEvents;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.GeoEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * takfed.jar with TAK-like v1 peers in both roles: a v1 federate dials takfed's port 9000 and is bridged to a
 * v2 federate; a malformed frame closes only its link and the peer's status says why; takfed dials a TAK-like
 * v1 server, and redials it after it was gone.
 */
class V1FederationIT {

    private static final String SERVERS = "/api/federation/servers";

    @TempDir
    Path work;

    @Test
    void v1PeersInBothRolesBridgedToV2WithLabelledBadInput() throws Exception {
        Path ca = Files.writeString(work.resolve("federates-ca.pem"), Pem.write(Peers.PEER_CA.certificate()));
        DevelopmentPki.Issued siteA = site("site-a");
        DevelopmentPki.Issued siteB = site("site-b");
        DevelopmentPki.Issued takServer = site("tak-server");
        try (TakfedProcess takfed = new TakfedProcess("v1-hub", work.resolve("data"),
                Map.of("OTS_FEDERATION_CA_FILE", ca.toString(), "OTS_NODE_ID", "v1-node")).start()) {
            Api api = new Api(takfed.base(), takfed.adminToken());
            X509Certificate takfedCa = Pem.certificates(Files.readString(takfed.dataDirectory().resolve("pki/ca.pem"))).get(0);
            TakLikeV1Peer a = new TakLikeV1Peer(siteA, takfedCa).dial(takfed.v1Port());
            try (TakLikeClient b = new TakLikeClient(takfed.v2Port(), siteB, takfedCa, "B").connect()) {
                long idA = PeerStates.await(api, PeerStates.certificate(siteA).and(PeerStates.status("pending_approval")));
                JsonObject pendingA = api.get(SERVERS + "/" + idA).json().getJsonObject("server");
                assertEquals("v1", pendingA.getString("protocol_version"));
                assertEquals(9000, pendingA.getInt("port"));
                long idB = PeerStates.await(api, PeerStates.certificate(siteB).and(PeerStates.status("pending_approval")));
                PeerStates.approve(api, idA);
                PeerStates.approve(api, idB);
                PeerStates.await(api, PeerStates.certificate(siteA).and(PeerStates.status("connected")));
                PeerStates.await(api, PeerStates.certificate(siteB).and(PeerStates.status("connected")));

                FederatedEvent fromV1 = pli("ANDROID-v1");
                a.send(fromV1);
                FederatedEvent atV2 = b.received.poll(10, TimeUnit.SECONDS);
                assertNotNull(atV2, "a v1 federate's event reaches a v2 federate");
                assertEquals(fromV1.getEvent(), atV2.getEvent(), "every field intact, lat 0 included");
                FederatedEvent fromV2 = pli("ANDROID-v2");
                b.send(fromV2);
                FederatedEvent atV1 = a.received.poll(10, TimeUnit.SECONDS);
                assertNotNull(atV1, "and the reverse");
                assertEquals(fromV2.getEvent(), atV1.getEvent());

                a.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F});
                assertTrue(a.awaitClosed(10), "the malformed frame closes that link");
                PeerStates.await(api, PeerStates.certificate(siteA).and(PeerStates.status("disconnected"))
                        .and(p -> "protocol-error".equals(p.getString("last_error", ""))));
                JsonObject statusA = api.get(SERVERS + "/" + idA + "/status").json().getJsonObject("status")
                        .getJsonObject("server");
                assertEquals(1, statusA.getJsonObject("link_failures").getInt("protocol-error"), statusA.toString());
                PeerStates.await(api, PeerStates.certificate(siteB).and(PeerStates.status("connected")));

                try (TakLikeV1Peer tak = new TakLikeV1Peer(takServer, takfedCa).listen()) {
                    int takPort = tak.port();
                    Api.Reply created = api.post(SERVERS, Json.createObjectBuilder().add("name", "tak-v1")
                            .add("address", "127.0.0.1").add("port", takPort).add("protocol_version", "v1")
                            .add("verify_ssl", false).add("reconnect_interval", 2)
                            .add("inbound_groups", Json.createArrayBuilder().add("blue"))
                            .add("outbound_groups", Json.createArrayBuilder().add("blue")).build());
                    assertEquals(201, created.status(), created.body());
                    long takId = created.json().getJsonObject("server").getJsonNumber("id").longValue();
                    assertTrue(tak.awaitConnected(15), "takfed dials the v1 server");
                    PeerStates.await(api, p -> p.getJsonNumber("id").longValue() == takId
                            && "connected".equals(p.getString("status")));
                    FederatedEvent welcome = tak.received.poll(10, TimeUnit.SECONDS);
                    assertNotNull(welcome, "on connect the v1 server gets the latest SA it may see");
                    assertEquals("ANDROID-v2", welcome.getEvent().getUid());
                    b.send(pli("ANDROID-to-tak"));
                    FederatedEvent atTak = tak.received.poll(10, TimeUnit.SECONDS);
                    assertNotNull(atTak, "a v2 federate's event reaches the dialled v1 server");
                    assertEquals("ANDROID-to-tak", atTak.getEvent().getUid());

                    tak.close();
                    PeerStates.await(api, p -> p.getJsonNumber("id").longValue() == takId
                            && "waiting_to_retry".equals(p.getString("status")) && !p.isNull("last_error"));
                    try (TakLikeV1Peer back = new TakLikeV1Peer(takServer, takfedCa).listen(takPort)) {
                        assertTrue(back.awaitConnected(15), "redialled after the reconnect interval");
                        PeerStates.await(api, p -> p.getJsonNumber("id").longValue() == takId
                                && "connected".equals(p.getString("status")) && p.getInt("retry_count") >= 1);
                    }
                }
            }
        }
    }

    private static DevelopmentPki.Issued site(String name) {
        return DevelopmentPki.federationCertificate(Peers.PEER_CA, name, List.of(name), List.of());
    }

    private static FederatedEvent pli(String uid) {
        return FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder().setUid(uid)
                .setType("a-f-G-U-C").setCoordSource("m-g").setSendTime(1_700_000_000_000L).setLat(0).setLon(-71.25)
                .setOther("<detail><contact callsign=\"" + uid + "\"/></detail>"))).build();
    }
}
