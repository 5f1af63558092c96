package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.connector.v2.TakLikeClient;
import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import io.takfed.connector.v2.TakEvents;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.GeoEvent;
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
 * takfed.jar as a v2 hub between two TAK-like federates: unknown certificates become pending peers that get
 * nothing; once an administrator approves them with shared groups, events flow intact and never echo. A third
 * is rejected instead, and its connection is denied from then on.
 */
class V2FederationIT {

    private static final String SERVERS = "/api/federation/servers";

    @TempDir
    Path work;

    @Test
    void pendingPeersGetNothingApprovedPeersExchangeEventsIntact() throws Exception {
        Path ca = Files.writeString(work.resolve("federates-ca.pem"), Pem.write(Peers.PEER_CA.certificate()));
        DevelopmentPki.Issued siteA = DevelopmentPki.federationCertificate(Peers.PEER_CA, "site-a", List.of("site-a"), List.of());
        DevelopmentPki.Issued siteB = DevelopmentPki.federationCertificate(Peers.PEER_CA, "site-b", List.of("site-b"), List.of());
        try (TakfedProcess takfed = new TakfedProcess("v2-hub", work.resolve("data"),
                Map.of("OTS_FEDERATION_CA_FILE", ca.toString(), "OTS_NODE_ID", "hub-node")).start()) {
            Api api = new Api(takfed.base(), takfed.adminToken());
            X509Certificate takfedCa = Pem.certificates(Files.readString(takfed.dataDirectory().resolve("pki/ca.pem"))).get(0);
            try (TakLikeClient a = new TakLikeClient(takfed.v2Port(), siteA, takfedCa, "A").connect();
                 TakLikeClient b = new TakLikeClient(takfed.v2Port(), siteB, takfedCa, "B").connect()) {
                long idA = PeerStates.await(api, PeerStates.certificate(siteA).and(PeerStates.status("pending_approval")));
                long idB = PeerStates.await(api, PeerStates.certificate(siteB).and(PeerStates.status("pending_approval")));
                var audited = api.get("/api/audit").json().getJsonArray("events").getValuesAs(JsonObject.class);
                assertTrue(audited.stream().anyMatch(e -> "peer.pending".equals(e.getString("action"))
                        && "system".equals(e.getString("actor"))
                        && e.getString("detail").contains(io.takfed.pki.CertificateIdentity.fingerprint(siteA.certificate()))),
                        "an unknown federate recorded as pending is audited: " + audited);
                a.send(pli("while-pending"));
                assertNull(b.received.poll(2500, TimeUnit.MILLISECONDS), "a pending peer's events go nowhere");

                PeerStates.approve(api, idA);
                PeerStates.approve(api, idB);
                PeerStates.await(api, PeerStates.certificate(siteA).and(PeerStates.status("connected"))
                        .and(p -> p.isNull("last_error")));
                PeerStates.await(api, PeerStates.certificate(siteB).and(PeerStates.status("connected")));

                FederatedEvent sent = pli("ANDROID-site-a-1");
                a.send(sent);
                FederatedEvent got = b.received.poll(5, TimeUnit.SECONDS);
                assertNotNull(got, "approved peers with a shared group exchange events");
                assertEquals(sent.getEvent(), got.getEvent(), "every field intact, lat 0 included");
                assertEquals("hub-node", got.getFederateProvenance(0).getFederationServerId());
                assertNull(a.received.poll(500, TimeUnit.MILLISECONDS), "nothing comes back to the sender");

                JsonObject statusA = api.get(SERVERS + "/" + idA + "/status").json().getJsonObject("status").getJsonObject("server");
                JsonObject statusB = api.get(SERVERS + "/" + idB + "/status").json().getJsonObject("status").getJsonObject("server");
                assertTrue(statusA.getJsonNumber("events_in").longValue() >= 2, statusA.toString());
                assertTrue(statusB.getJsonNumber("events_out").longValue() >= 1, statusB.toString());
                assertEquals(2, api.get("/api/federation/health").json().getJsonObject("health").getInt("connected_servers"));
            }
            PeerStates.await(api, PeerStates.certificate(siteA).and(PeerStates.status("disconnected")));

            DevelopmentPki.Issued siteC = DevelopmentPki.federationCertificate(Peers.PEER_CA, "site-c", List.of("site-c"),
                    List.of());
            try (TakLikeClient c = new TakLikeClient(takfed.v2Port(), siteC, takfedCa, "C").connect()) {
                long idC = PeerStates.await(api, PeerStates.certificate(siteC).and(PeerStates.status("pending_approval")));
                Api.Reply rejected = api.post(SERVERS + "/" + idC + "/reject", null);
                assertEquals(200, rejected.status(), rejected.body());
                assertEquals("rejected", rejected.json().getJsonObject("server").getString("status"));
                io.grpc.Status denied = awaitDenied(c);
                assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, denied.getCode(), denied.toString());
                assertEquals("federation-denied", api.get(SERVERS + "/" + idC).json().getJsonObject("server")
                        .getString("last_error"));
            }
        }
    }

    /** Health checks of an open connection until the rejection reaches the transport (the sync runs every 2 s). */
    private static io.grpc.Status awaitDenied(TakLikeClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        io.grpc.Status last = io.grpc.Status.OK;
        while (System.nanoTime() < deadline) {
            try {
                client.health();
            } catch (io.grpc.StatusRuntimeException e) {
                last = e.getStatus();
                if (last.getCode() == io.grpc.Status.Code.PERMISSION_DENIED) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        return last;
    }

    private static FederatedEvent pli(String uid) {
        return FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder().setUid(uid)
                .setType("a-f-G-U-C").setCoordSource("m-g").setSendTime(1_700_000_000_000L).setLat(0).setLon(-71.25)
                .setOther("<detail><contact callsign=\"SITE-A\"/></detail>"))).build();
    }
}
