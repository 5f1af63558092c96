package io.takfed.connector.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.takfed.connector.api.RolMessage;
import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.DevelopmentPki;
import io.takfed.wire.v2.ContactListEntry;
import io.takfed.wire.v2.CRUD;
import io.takfed.wire.v2.Empty;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.GeoEvent;
import io.takfed.wire.v2.ServerHealth;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The v2 listener against TAK-like federates over real mutual TLS on loopback. */
class V2ServerTest {

    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Federation CA");
    private static final DevelopmentPki.Issued SERVER = DevelopmentPki.federationCertificate(CA, "localhost",
            List.of("localhost"), List.of(InetAddress.getLoopbackAddress()));
    private static final DevelopmentPki.Issued A = leaf("site-a");
    private static final DevelopmentPki.Issued B = leaf("site-b");
    private static final DevelopmentPki.Issued STRANGER = leaf("site-unknown");

    private V2Server server;

    private static DevelopmentPki.Issued leaf(String name) {
        return DevelopmentPki.federationCertificate(CA, name, List.of(name), List.of());
    }

    private static PeerPolicy policy(long id, DevelopmentPki.Issued peer, Set<String> in, Set<String> out) {
        return new PeerPolicy(id, peer.certificate().getSubjectX500Principal().getName(),
                CertificateIdentity.fingerprint(peer.certificate()), in, out, true, -1);
    }

    private V2Server start(RoutingTable table, Duration healthTimeout, Duration sweep) throws Exception {
        return start(table, healthTimeout, sweep, V2Server.DEFAULT_QUEUE_CAPACITY);
    }

    private V2Server start(RoutingTable table, Duration healthTimeout, Duration sweep, int queueCapacity)
            throws Exception {
        FederationIdentity identity = new FederationIdentity(SERVER.key(), SERVER.chain(),
                List.of(CA.certificate()), FederationIdentity.Source.GENERATED);
        server = V2Server.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, LOOPS, identity,
                new FederationTls(List.of("TLSv1.3", "TLSv1.2")), table, V2Server.DEFAULT_MAX_INBOUND_BYTES, queueCapacity,
                healthTimeout, sweep);
        return server;
    }

    private V2Server start(RoutingTable table) throws Exception {
        return start(table, V2Server.HEALTH_TIMEOUT, V2Server.SWEEP_INTERVAL);
    }

    private static RoutingTable blueTable() {
        return RoutingTable.of("takfed-hub", List.of(policy(1, A, Set.of("blue"), Set.of("blue")),
                policy(2, B, Set.of("blue"), Set.of("blue"))));
    }

    private TakLikeClient client(DevelopmentPki.Issued who, String name) throws Exception {
        return new TakLikeClient(server.port(), who, CA.certificate(), name);
    }

    private static FederatedEvent pli(String uid) {
        return FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder()
                .setUid(uid).setType("a-f-G-U-C").setCoordSource("m-g").setSendTime(1_700_000_000_000L)
                .setStartTime(1_700_000_000_000L).setStaleTime(1_700_000_060_000L)
                .setLat(0).setLon(12.5).setHae(0).setCe(9.9).setLe(0)
                .setOther("<detail><contact callsign=\"ALPHA\"/><__group name=\"Cyan\" role=\"Team Member\"/></detail>")))
                .build();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterAll
    static void loops() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void takLikePeersExchangeEventsIntactAndNothingEchoes() throws Exception {
        start(blueTable());
        try (TakLikeClient a = client(A, "A").connect(); TakLikeClient b = client(B, "B").connect()) {
            FederatedEvent sent = pli("ANDROID-a1");
            a.send(sent);
            FederatedEvent got = b.received.poll(5, TimeUnit.SECONDS);
            assertNotNull(got, "B receives A's event");
            assertEquals(sent.getEvent(), got.getEvent(), "every GeoEvent field intact, the zero ones absent as sent");
            assertFalse(got.getEvent().hasLat() || got.getEvent().hasHae() || got.getEvent().hasLe());
            assertEquals(List.of("blue"), got.getFederateGroupsList());
            assertEquals("takfed-hub", got.getFederateProvenance(0).getFederationServerId());
            assertEquals(1, got.getFederateHops().getCurrentHops());

            FederatedEvent contact = FederatedEvent.newBuilder().setContact(ContactListEntry.newBuilder()
                    .setOperation(CRUD.CREATE).setUid("ANDROID-a1").setCallsign("ALPHA")).build();
            a.send(contact);
            assertEquals(contact.getContact(), b.received.poll(5, TimeUnit.SECONDS).getContact());

            b.send(pli("ANDROID-b1"));
            assertEquals("ANDROID-b1", a.received.poll(5, TimeUnit.SECONDS).getEvent().getUid());
            assertNull(a.received.poll(300, TimeUnit.MILLISECONDS), "A never gets its own events back");
        }
    }

    @Test
    void aSlowPeerLosesOldPositionsButNeverHoldsUpAFastOne() throws Exception {
        DevelopmentPki.Issued slowPeer = leaf("site-slow");
        start(RoutingTable.of("takfed-hub", List.of(policy(1, A, Set.of("blue"), Set.of("blue")),
                policy(2, B, Set.of("blue"), Set.of("blue")), policy(3, slowPeer, Set.of("blue"), Set.of("blue")))),
                // 1,024 events are 200 ms at this rate: the fast peer rides out a JIT or GC stall on 2 cores (at 256,
                // 50 ms, it once did not), while 4,000 events still overflow the peer that stops reading: its HTTP/2
                // window (1 MiB) takes about 2,100 of them, the queue 1,024.
                V2Server.HEALTH_TIMEOUT, V2Server.SWEEP_INTERVAL, 1024);
        int events = 4000;
        String padding = "<remarks>" + "x".repeat(400) + "</remarks>";
        try (TakLikeClient a = client(A, "A").connect(); TakLikeClient b = client(B, "B").connect();
             TakLikeClient slow = client(slowPeer, "S").slow().connect()) {
            // About 5,000 events/s, far below what a fast peer drains: only the peer that stops reading may lose.
            for (int i = 0; i < events; i++) {
                a.send(FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder()
                        .setUid("seq-" + i).setType("a-f-G").setOther("<detail>" + padding + "</detail>"))).build());
                if (i % 50 == 49) {
                    Thread.sleep(10);
                }
            }
            for (int i = 0; i < events; i++) {
                FederatedEvent got = b.received.poll(10, TimeUnit.SECONDS);
                assertNotNull(got, "the fast peer got only " + i + " of " + events);
                assertEquals("seq-" + i, got.getEvent().getUid(), "in order, none lost");
            }
            var slowLink = server.links().stream().filter(l -> l.fingerprint()
                    .equals(CertificateIdentity.fingerprint(slowPeer.certificate()))).findFirst().orElseThrow();
            assertTrue(slowLink.eventsDropped() > 0, "the slow peer's bounded queue dropped: " + slowLink);
            assertTrue(slowLink.eventsOut() + slowLink.eventsDropped() <= events);
        }
    }

    @Test
    void contactsLiveAsLongAsTheirLinkAndNewcomersGetTheOnesTheyMaySee() throws Exception {
        start(blueTable());
        try (TakLikeClient a = client(A, "A").connect()) {
            a.send(FederatedEvent.newBuilder().setContact(ContactListEntry.newBuilder().setOperation(CRUD.CREATE)
                    .setUid("ANDROID-a1").setCallsign("ALPHA")).build());
            a.send(FederatedEvent.newBuilder().setContact(ContactListEntry.newBuilder().setOperation(CRUD.CREATE)
                    .setUid("ANDROID-a2").setCallsign("BRAVO")).build());
            a.send(FederatedEvent.newBuilder().setContact(ContactListEntry.newBuilder().setOperation(CRUD.DELETE)
                    .setUid("ANDROID-a2")).build());
            Thread.sleep(300);
            try (TakLikeClient b = client(B, "B").connect()) {
                FederatedEvent welcome = b.received.poll(5, TimeUnit.SECONDS);
                assertNotNull(welcome, "a new link receives the contacts it may see");
                assertEquals("ANDROID-a1", welcome.getContact().getUid());
                assertEquals(CRUD.CREATE, welcome.getContact().getOperation());
                assertNull(b.received.poll(300, TimeUnit.MILLISECONDS), "a deleted contact is not announced");
                a.close();
                FederatedEvent gone = b.received.poll(5, TimeUnit.SECONDS);
                assertNotNull(gone, "a closed link's contacts are deleted at the others");
                assertEquals("ANDROID-a1", gone.getContact().getUid());
                assertEquals(CRUD.DELETE, gone.getContact().getOperation());
            }
        }
    }

    @Test
    void anEventThatAlreadyPassedThroughUsIsDropped() throws Exception {
        start(blueTable());
        try (TakLikeClient a = client(A, "A").connect(); TakLikeClient b = client(B, "B").connect()) {
            a.send(pli("looped").toBuilder().addFederateProvenance(io.takfed.wire.v2.FederateProvenance.newBuilder()
                    .setFederationServerId("takfed-hub")).build());
            a.send(pli("fresh"));
            assertEquals("fresh", b.received.poll(5, TimeUnit.SECONDS).getEvent().getUid());
            assertNull(b.received.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void unknownCertificatesAndPeersWithoutSharedGroupsGetNothing() throws Exception {
        start(RoutingTable.of("takfed-hub", List.of(policy(1, A, Set.of("blue"), Set.of("blue")),
                policy(2, B, Set.of("red"), Set.of("red")))));
        try (TakLikeClient a = client(A, "A").connect(); TakLikeClient b = client(B, "B").connect();
             TakLikeClient stranger = client(STRANGER, "S").connect()) {
            a.send(pli("from-a"));
            stranger.send(pli("from-stranger"));
            assertNull(b.received.poll(500, TimeUnit.MILLISECONDS), "blue never reaches a red-only peer");
            assertNull(stranger.received.poll(100, TimeUnit.MILLISECONDS), "an unknown peer receives nothing");
            assertNull(a.received.poll(100, TimeUnit.MILLISECONDS), "an unknown peer's events go nowhere");
        }
    }

    @Test
    void healthIsNotConnectedBeforeClientEventStreamAndUnusedRpcsAreUnimplemented() throws Exception {
        start(blueTable());
        try (TakLikeClient a = client(A, "A")) {
            assertEquals(ServerHealth.ServingStatus.NOT_CONNECTED, a.health());
            a.openEventStream();
            Thread.sleep(200);
            assertEquals(ServerHealth.ServingStatus.SERVING, a.health());
            assertTrue(TakLikeClient.unimplemented(() -> a.blocking().getIdentity(Empty.getDefaultInstance())));
            assertTrue(TakLikeClient.unimplemented(() -> a.blocking().sendOneEvent(pli("x"))));
        }
    }

    @Test
    void withoutHealthChecksTheStreamsEndWithDeadlineExceeded() throws Exception {
        assertEquals(Duration.ofSeconds(15), V2Server.HEALTH_TIMEOUT, "TAK's timeout in production");
        assertEquals(Duration.ofSeconds(5), V2Server.SWEEP_INTERVAL, "TAK's sweep in production");
        start(blueTable(), Duration.ofMillis(800), Duration.ofMillis(100));
        try (TakLikeClient a = client(A, "A").withoutHealthChecks().connect()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (a.eventStreamEnd.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertNotNull(a.eventStreamEnd.get(), "the sweep ended the stream");
            assertEquals(Status.Code.DEADLINE_EXCEEDED, a.eventStreamEnd.get().getCode());
        }
    }

    @Test
    void aTakPeerThatReportsNothingStoredIsConfirmedByTwoHealthChecks() throws Exception {
        start(blueTable());
        // The test times the checks itself: TAK's would come every 3 s whatever the test is doing.
        try (TakLikeClient a = client(A, "A").withoutHealthChecks().connect()) {
            assertEquals(ServerHealth.ServingStatus.SERVING, a.health());
            a.openRolStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.rolLinks().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String session = server.rolLinks().get(0).sessionId();
            server.sendRol(session, List.of(new RolMessage("create mission", List.of(), List.of())));
            assertNotNull(a.rolReceived.poll(5, TimeUnit.SECONDS));
            a.health();
            assertEquals(0, server.rolLinks().get(0).confirmed(), "one check after the write confirms nothing yet");
            a.health();
            assertEquals(1, server.rolLinks().get(0).confirmed(), "the session stayed healthy a whole interval");
            assertFalse(server.rolLinks().get(0).peerAcknowledges(), "TAK's checks carry no acknowledgement");
        }
    }

    @Test
    void aPendingPeersRolIsNotReadUntilItIsApprovedAndThenAllOfItIs() throws Exception {
        start(blueTable());
        try (TakLikeClient stranger = client(STRANGER, "S").connect()) {
            String large = "create mission " + "{\"name\": \"" + "x".repeat(100_000) + "\"}";
            for (int i = 0; i < 3; i++) {
                stranger.sendRol(large);
            }
            Thread.sleep(1_000);
            assertEquals(List.of(), server.receivedRol(10), "nothing an unapproved certificate sends is read");
            server.apply(RoutingTable.of("takfed-hub", List.of(policy(1, A, Set.of("blue"), Set.of("blue")),
                    policy(3, STRANGER, Set.of("blue"), Set.of("blue")))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.receivedRol(10).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(3, server.receivedRol(10).size(), "approved, it is read, nothing lost");
        }
    }

    @Test
    void aSecondLiveLinkWithTheSameCertificateIsRefused() throws Exception {
        start(blueTable());
        try (TakLikeClient first = client(A, "A").connect(); TakLikeClient second = client(A, "A2")) {
            second.openEventStream();
            Status refused = second.tryServerEventStream(3_000);
            assertNotNull(refused);
            assertEquals(Status.Code.ALREADY_EXISTS, refused.getCode());
            assertEquals("duplicate-connection", refused.getDescription());
        }
    }

    @Test
    void aCertificateFromAnUntrustedCaCannotConnect() throws Exception {
        start(blueTable());
        var otherCa = DevelopmentPki.certificateAuthority("Other CA");
        var outsider = DevelopmentPki.federationCertificate(otherCa, "outsider", List.of("outsider"), List.of());
        try (TakLikeClient client = new TakLikeClient(server.port(), outsider, CA.certificate(), "O")) {
            StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, client::health);
            assertEquals(Status.Code.UNAVAILABLE, failure.getStatus().getCode());
            assertEquals(0, server.sessionCount());
        }
    }

    @Test
    void aRejectedCertificateIsDeniedBeforeItBecomesASession() throws Exception {
        String rejected = CertificateIdentity.fingerprint(STRANGER.certificate());
        start(RoutingTable.of("takfed-hub", List.of(policy(1, A, Set.of("blue"), Set.of("blue"))),
                io.takfed.connector.api.routing.FederationStrategy.ALLOW_DYNAMIC, Set.of(rejected)));
        try (TakLikeClient stranger = client(STRANGER, "S"); TakLikeClient a = client(A, "A").connect()) {
            StatusRuntimeException denied = assertThrows(StatusRuntimeException.class, stranger::health);
            assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode(), "as the Federation Hub answers");
            assertTrue(denied.getStatus().getDescription().startsWith("federation-denied"));
            assertEquals(1, server.sessionCount(), "only A has a session: the denied peer cost none");
            server.apply(RoutingTable.empty("takfed-hub", io.takfed.connector.api.routing.FederationStrategy.ALLOW_NONE));
            assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class, a::health)
                    .getStatus().getCode(), "allowNone applies at once, to open connections too");
        }
    }
}
