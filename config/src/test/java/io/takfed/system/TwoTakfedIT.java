package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.connector.discovery.LoopbackDns;

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
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two takfed processes federated over v2: node Y dials node X; a TAK-like federate on each end; events relay
 * across both; when X is killed Y waits and retries, and reconnects after the interval when X is back. Then the
 * administrator switches the link to v1, and events relay across the v1 link the same way.
 */
class TwoTakfedIT {

    private static final String SERVERS = "/api/federation/servers";

    @TempDir
    Path work;

    /**
     * Y knows X by domain alone (its SRV records on a DNS server this test runs); X binds Y's inbound links to Y's
     * domain. Every reconnect below goes through both.
     */
    @Test
    void twoInstancesFederateRelayAndReconnectAfterAKill() throws Exception {
        try (LoopbackDns dns = new LoopbackDns()) {
            federate(dns);
        }
    }

    /** An event A (on X) sends reaches B (on Y) as it was, having passed through X and Y. */
    private static void assertCrosses(TakLikeClient a, TakLikeClient b, String uid, String link) throws Exception {
        FederatedEvent sent = FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder()
                .setUid(uid).setType("a-f-G-U-C").setLat(0).setLon(5).setOther("<detail/>"))).build();
        a.send(sent);
        FederatedEvent atB = b.received.poll(10, TimeUnit.SECONDS);
        assertNotNull(atB, "A (on X) reaches B (on Y) across " + link);
        assertEquals(sent.getEvent(), atB.getEvent());
        assertEquals(List.of("node-x", "node-y"), atB.getFederateProvenanceList().stream()
                .map(p -> p.getFederationServerId()).toList());
    }

    private void federate(LoopbackDns dns) throws Exception {
        Path federatesCa = Files.writeString(work.resolve("federates-ca.pem"), Pem.write(Peers.PEER_CA.certificate()));
        DevelopmentPki.Issued siteA = DevelopmentPki.federationCertificate(Peers.PEER_CA, "site-a", List.of("site-a"), List.of());
        DevelopmentPki.Issued siteB = DevelopmentPki.federationCertificate(Peers.PEER_CA, "site-b", List.of("site-b"), List.of());
        try (FederatedPair pair = FederatedPair.start(work, "node-x", Map.of("TAKFED_DNS_SERVER", dns.address()),
                "node-y", Map.of("OTS_FEDERATION_CA_FILE", federatesCa.toString(), "TAKFED_DNS_SERVER", dns.address()),
                true)) {
            TakfedProcess x = pair.x();
            TakfedProcess y = pair.y();
            String yCa = Files.readString(y.dataDirectory().resolve("pki/ca.pem"));
            // Both development certificates name localhost, so SRV targets of localhost match them.
            dns.srv("_tak-federation-v2._tcp.x.example.test", 60, new LoopbackDns.Target("localhost", x.v2Port(), 10, 0));
            dns.srv("_tak-federation-v1._tcp.x.example.test", 60, new LoopbackDns.Target("localhost", x.v1Port(), 10, 0));
            dns.srv("_tak-federation-v2._tcp.y.example.test", 60, new LoopbackDns.Target("localhost", y.v2Port(), 10, 0));
            dns.srv("_tak-federation-v1._tcp.y.example.test", 60, new LoopbackDns.Target("localhost", y.v1Port(), 10, 0));
            Api apiX = pair.apiX();
            Api apiY = pair.apiY();
            String xCa = Files.readString(x.dataDirectory().resolve("pki/ca.pem"));
            Api.Reply hub = apiY.post(SERVERS, Json.createObjectBuilder().add("name", "hub-x")
                    .add("domain", "x.example.test").add("ca_certificate", xCa).add("reconnect_interval", 2)
                    .add("inbound_groups", Json.createArrayBuilder().add("blue"))
                    .add("outbound_groups", Json.createArrayBuilder().add("blue")).build());
            assertEquals(201, hub.status(), hub.body());
            long hubId = hub.json().getJsonObject("server").getJsonNumber("id").longValue();

            String yFingerprint = PeerStates.fingerprintOf(y);
            long yAtX = PeerStates.await(apiX, p -> yFingerprint.equals(p.getString("fingerprint", ""))
                    && p.getString("status").equals("pending_approval"));
            Api.Reply bound = apiX.put(SERVERS + "/" + yAtX, Json.createObjectBuilder()
                    .add("domain", "y.example.test").build());
            assertEquals(200, bound.status(), bound.body());
            PeerStates.approve(apiX, yAtX);
            PeerStates.await(apiY, id(hubId).and(PeerStates.status("connected")));
            assertTrue(dns.queries("_tak-federation-v2._tcp.x.example.test") >= 1, "Y found X by SRV");
            assertProbePasses(apiY, hubId, "SRV x.example.test");

            X509Certificate xDevCa = Pem.certificates(xCa).get(0);
            X509Certificate yDevCa = Pem.certificates(yCa).get(0);
            try (TakLikeClient a = new TakLikeClient(x.v2Port(), siteA, xDevCa, "A").connect();
                 TakLikeClient b = new TakLikeClient(y.v2Port(), siteB, yDevCa, "B").connect()) {
                PeerStates.approve(apiX, PeerStates.await(apiX, PeerStates.certificate(siteA)));
                PeerStates.approve(apiY, PeerStates.await(apiY, PeerStates.certificate(siteB)));
                PeerStates.await(apiX, PeerStates.certificate(siteA).and(PeerStates.status("connected")));
                PeerStates.await(apiY, PeerStates.certificate(siteB).and(PeerStates.status("connected")));

                assertCrosses(a, b, "ANDROID-a", "the takfed-to-takfed link");
            }

            x.stop();
            PeerStates.await(apiY, id(hubId).and(PeerStates.status("waiting_to_retry")).and(p -> !p.isNull("last_error")));
            x.start();
            PeerStates.await(apiY, id(hubId).and(PeerStates.status("connected")).and(p -> p.getInt("retry_count") >= 1));

            // The same two instances over v1: the administrator switches the link's protocol and port.
            Api.Reply switched = apiY.put(SERVERS + "/" + hubId, Json.createObjectBuilder()
                    .add("protocol_version", "v1").add("port", x.v1Port()).build());
            assertEquals(200, switched.status(), switched.body());
            awaitLinkProtocol(apiY, hubId, "v1");
            assertProbePasses(apiY, hubId, "SRV x.example.test");
            try (TakLikeClient a = new TakLikeClient(x.v2Port(), siteA, xDevCa, "A").connect();
                 TakLikeClient b = new TakLikeClient(y.v2Port(), siteB, yDevCa, "B").connect()) {
                PeerStates.await(apiX, PeerStates.certificate(siteA).and(PeerStates.status("connected")));
                PeerStates.await(apiY, PeerStates.certificate(siteB).and(PeerStates.status("connected")));
                assertCrosses(a, b, "ANDROID-a-v1", "a v1 takfed-to-takfed link");
            }
        }
    }

    /** {@code /test} goes through every stage, protocol included, against the peer's first SRV target. */
    private static void assertProbePasses(Api api, long id, String target) throws Exception {
        Api.Reply test = api.post(SERVERS + "/" + id + "/test", null);
        assertEquals(200, test.status(), test.body());
        assertTrue(test.json().getBoolean("success"), test.body());
        assertEquals("protocol", test.json().getJsonObject("test").getString("stage_reached"), test.body());
        assertEquals(target, test.json().getJsonObject("test").getString("target"), test.body());
    }

    /** Waits until the peer's live link is connected on the given protocol. */
    private static void awaitLinkProtocol(Api api, long id, String protocol) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonObject server = api.get(SERVERS + "/" + id + "/status").json().getJsonObject("status")
                    .getJsonObject("server");
            last = server.toString();
            if (protocol.equals(server.getString("protocol", "")) && "connected".equals(server.getString("status"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the link did not come up on " + protocol + ": " + last);
    }

    private static Predicate<JsonObject> id(long id) {
        return peer -> peer.getJsonNumber("id").longValue() == id;
    }
}
