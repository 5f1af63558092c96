package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.connector.v2.TakEvents;
import io.takfed.connector.v2.TakLikeClient;
import io.takfed.connector.v2.TakLikeServer;
import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.ROL;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * takfed.jar dials v2 servers that behave as TAK Server 5.7 does: ClientEventStream registered a second late,
 * NOT_CONNECTED health answers left open, and in the second case health checking off altogether. A federate of
 * takfed's own (B, dialling in) is on the other side of each link.
 */
class TakServerLinkIT {

    private static final String SERVERS = "/api/federation/servers";
    private static final DevelopmentPki.Issued SITE_B = DevelopmentPki.federationCertificate(Peers.PEER_CA, "site-b",
            List.of("site-b"), List.of());

    @TempDir
    static Path work;

    private static TakfedProcess takfed;
    private static Api api;
    private static X509Certificate takfedCa;

    @BeforeAll
    static void start() throws Exception {
        Path ca = Files.writeString(work.resolve("federates-ca.pem"), Pem.write(Peers.PEER_CA.certificate()));
        takfed = new TakfedProcess("tak-link", work.resolve("data"), Map.of("OTS_FEDERATION_CA_FILE", ca.toString(),
                "OTS_NODE_ID", "takfed-gw")).start();
        api = new Api(takfed.base(), takfed.adminToken());
        takfedCa = Pem.certificates(Files.readString(takfed.dataDirectory().resolve("pki/ca.pem"))).get(0);
    }

    @AfterAll
    static void stop() throws Exception {
        takfed.close();
    }

    @Test
    void aLinkToATakServerHoldsAMinuteWithEventsBothWaysAndAHealthCheckEveryThreeSeconds() throws Exception {
        try (TakLikeServer tak = new TakLikeServer(Peers.PEER_SERVER, takfedCa).registrationDelay(Duration.ofSeconds(1));
             TakLikeClient b = new TakLikeClient(takfed.v2Port(), SITE_B, takfedCa, "B").connect()) {
            PeerStates.approve(api, PeerStates.await(api, PeerStates.certificate(SITE_B)
                    .and(PeerStates.status("pending_approval"))));
            long takId = dial("tak-server", tak.port());
            PeerStates.await(api, p -> p.getJsonNumber("id").longValue() == takId && "connected".equals(p.getString("status")));
            assertTrue(tak.notConnectedAnswers.get() > 0, "takfed's first checks met TAK's late registration");
            int checksAtStart = tak.servingAnswers.get();
            Set<String> statuses = new HashSet<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int round = 0; System.nanoTime() < end; round++) {
                tak.send(TakEvents.event(TakEvents.position("TAK-" + round, "a-f-G", 0, 12.5)));
                FederatedEvent atB = b.received.poll(5, TimeUnit.SECONDS);
                assertNotNull(atB, "round " + round + ": the TAK server's event reaches B");
                assertEquals("TAK-" + round, atB.getEvent().getUid());
                assertFalse(atB.getEvent().hasLat(), "its zero lat absent, as TAK 5.x wrote it");
                b.send(TakEvents.event(TakEvents.position("B-" + round, "a-f-G", 42.0, 0)));
                FederatedEvent atTak = tak.received.poll(5, TimeUnit.SECONDS);
                assertNotNull(atTak, "round " + round + ": B's event reaches the TAK server");
                assertEquals("B-" + round, atTak.getEvent().getUid());
                statuses.add(peer(takId).getString("status"));
                Thread.sleep(3_000);
            }
            JsonObject peer = peer(takId);
            assertEquals(Set.of("connected"), statuses, "the link never dropped");
            assertEquals(0, peer.getInt("retry_count"), "and was never redialled");
            int checks = tak.servingAnswers.get() - checksAtStart;
            assertTrue(checks >= 18 && checks <= 22, "a health check every 3 s for a minute: " + checks);
            assertEquals(0, tak.swept.get(), "TAK's liveness sweep never had to end a stream");
            assertEquals(0, tak.rolDropped.get(), "no ROL went out before TAK had our ClientROLStream");
            assertEquals(null, b.disconnected(), "B, a TAK-like client, stayed connected too");
        }
    }

    @Test
    void aTakServerWithHealthChecksOffIsLeftAfterFifteenSecondsAndRedialled() throws Exception {
        try (TakLikeServer tak = new TakLikeServer(Peers.PEER_SERVER, takfedCa).healthOff()) {
            long started = System.nanoTime();
            long takId = dial("tak-no-health", tak.port());
            PeerStates.await(api, p -> p.getJsonNumber("id").longValue() == takId
                    && "federation-timeout".equals(p.getString("last_error", "")));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertTrue(seconds >= 15, "not before the 15 s window: " + seconds);
            assertTrue(takfed.log().contains("enableHealthCheck=false"), "the log says why the link was left");
            assertTrue(tak.healthChecks.get() >= 5, "checked all along: " + tak.healthChecks.get());
            assertTrue(tak.registrations.get() >= 1, "TAK had registered our event stream; only its health checks were off");
            PeerStates.await(api, p -> p.getJsonNumber("id").longValue() == takId && p.getInt("retry_count") >= 1);
            assertEquals(0, tak.servingAnswers.get());
        }
    }

    @Test
    void fourConcurrent200MibRolMessagesFromAnUnknownCertificateCostTheHubNoMoreThanTheirStreamWindows()
            throws Exception {
        DevelopmentPki.Issued stranger = DevelopmentPki.federationCertificate(Peers.PEER_CA, "stranger",
                List.of("stranger"), List.of());
        ROL huge = ROL.newBuilder().setProgram("create mission {\"name\": \"" + "x".repeat(200 * 1024 * 1024)
                + "\"}").build();
        long before = takfed.residentBytes();
        try (TakLikeClient client = new TakLikeClient(takfed.v2Port(), stranger, takfedCa, "stranger").connect()) {
            for (int i = 0; i < 4; i++) {
                client.sendOnNewRolStream(huge);
            }
            Thread.sleep(5_000);
            long grown = takfed.residentBytes() - before;
            // 800 MiB offered; read, it would not even fit the process's 512 MiB heap. Unread, it waits in four
            // 1 MiB stream windows.
            assertTrue(grown < 128L * 1024 * 1024, "takfed grew by " + grown / (1024 * 1024) + " MiB");
            PeerStates.await(api, PeerStates.certificate(stranger).and(PeerStates.status("pending_approval")));
            assertEquals(200, api.as(null).get("/health/ready").status(), "and takfed stays ready");
        }
    }

    /** An outbound v2 peer for a TAK server on this machine, blue both ways, redialled after 2 s. */
    private static long dial(String name, int port) throws Exception {
        Api.Reply created = api.post(SERVERS, Json.createObjectBuilder().add("name", name).add("address", "127.0.0.1")
                .add("port", port).add("protocol_version", "v2").add("verify_ssl", false).add("reconnect_interval", 2)
                .add("inbound_groups", Json.createArrayBuilder().add("blue"))
                .add("outbound_groups", Json.createArrayBuilder().add("blue")).build());
        assertEquals(201, created.status(), created.body());
        return created.json().getJsonObject("server").getJsonNumber("id").longValue();
    }

    private static JsonObject peer(long id) throws Exception {
        return api.get(SERVERS + "/" + id).json().getJsonObject("server");
    }
}
