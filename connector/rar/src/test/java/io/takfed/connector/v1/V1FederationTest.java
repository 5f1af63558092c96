package io.takfed.connector.v1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.takfed.connector.api.DialRequest;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.routing.Relay;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.v2.TakLikeClient;
import io.takfed.connector.v2.V2Server;
import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.DevelopmentPki;
import io.takfed.connector.v2.TakEvents;
import io.takfed.wire.v2.CRUD;
import io.takfed.wire.v2.ContactListEntry;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.GeoEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Federation v1 over real mutual TLS on loopback: the hub, bad input, dialling out, and bridging with v2. */
class V1FederationTest {

    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private static final FederationTls TLS = new FederationTls(List.of("TLSv1.3", "TLSv1.2"));
    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Federation CA");
    private static final DevelopmentPki.Issued HUB = node("localhost");
    private static final DevelopmentPki.Issued NODE_Y = node("node-y");
    private static final DevelopmentPki.Issued A = federate("a");
    private static final DevelopmentPki.Issued B = federate("b");
    private static final DevelopmentPki.Issued C = federate("c");

    private final List<AutoCloseable> open = new ArrayList<>();

    private static DevelopmentPki.Issued node(String name) {
        return DevelopmentPki.federationCertificate(CA, name, List.of(name, "localhost"),
                List.of(InetAddress.getLoopbackAddress()));
    }

    private static DevelopmentPki.Issued federate(String name) {
        return DevelopmentPki.federationCertificate(CA, name, List.of(name), List.of());
    }

    private static PeerPolicy blue(long id, DevelopmentPki.Issued who) {
        return new PeerPolicy(id, "p" + id, CertificateIdentity.fingerprint(who.certificate()), Set.of("blue"),
                Set.of("blue"), true, -1);
    }

    private static RoutingTable table(String node, DevelopmentPki.Issued... peers) {
        List<PeerPolicy> policies = new ArrayList<>();
        for (int i = 0; i < peers.length; i++) {
            policies.add(blue(i + 1, peers[i]));
        }
        return RoutingTable.of(node, policies);
    }

    private V1Federation v1(DevelopmentPki.Issued identity, Relay relay, int maxFrame) throws Exception {
        V1Federation federation = V1Federation.start(new InetSocketAddress("127.0.0.1", 0), LOOPS,
                new FederationIdentity(identity.key(), identity.chain(), List.of(CA.certificate()),
                        FederationIdentity.Source.GENERATED), TLS, relay, maxFrame, 4096, Duration.ZERO);
        open.add(federation);
        return federation;
    }

    private TakLikeV1Peer peer(DevelopmentPki.Issued who) throws Exception {
        TakLikeV1Peer peer = new TakLikeV1Peer(who, CA.certificate());
        open.add(peer);
        return peer;
    }

    private static FederatedEvent pli(String uid, double lat) {
        return FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder().setUid(uid)
                .setType("a-f-G-U-C").setCoordSource("m-g").setSendTime(1_700_000_000_000L).setLat(lat).setLon(-71.06)
                .setOther("<detail><contact callsign=\"" + uid + "\"/></detail>"))).build();
    }

    private static FederatedEvent contact(CRUD operation, String uid) {
        return FederatedEvent.newBuilder().setContact(ContactListEntry.newBuilder().setOperation(operation)
                .setUid(uid).setCallsign(uid.toUpperCase())).build();
    }

    private static LinkReport await(V1Federation federation, Predicate<LinkReport> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<LinkReport> last = List.of();
        while (System.nanoTime() < deadline) {
            last = federation.links();
            for (LinkReport link : last) {
                if (condition.test(link)) {
                    return link;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no link as expected; links: " + last);
    }

    private static Predicate<LinkReport> established(DevelopmentPki.Issued who) {
        String fingerprint = CertificateIdentity.fingerprint(who.certificate());
        return link -> fingerprint.equals(link.fingerprint()) && link.federate();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @AfterAll
    static void loops() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void theHubRelaysEveryByteOfAnEventToOthersAndNothingBack() throws Exception {
        V1Federation hub = v1(HUB, new Relay(table("hub", A, B)), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        TakLikeV1Peer a = peer(A).dial(hub.port());
        TakLikeV1Peer b = peer(B).dial(hub.port());
        await(hub, established(A));
        await(hub, established(B));
        FederatedEvent sent = pli("ANDROID-a1", 0.0);
        a.send(sent);
        FederatedEvent got = b.received.poll(5, TimeUnit.SECONDS);
        assertNotNull(got, "B got A's event");
        assertArrayEquals(sent.getEvent().toByteArray(), got.getEvent().toByteArray(), "the GeoEvent passes untouched");
        assertFalse(got.getEvent().hasLat(), "a zero lat stays off the wire, as TAK 5.x sent it");
        assertEquals(List.of("blue"), got.getFederateGroupsList());
        assertEquals("hub", got.getFederateProvenance(0).getFederationServerId());
        assertNull(a.received.poll(300, TimeUnit.MILLISECONDS), "nothing comes back to the sender");
        assertEquals(1, await(hub, established(A)).eventsIn());
    }

    @Test
    void aNewcomerGetsTheContactsItMaySeeAndALeaversContactsAreDeleted() throws Exception {
        V1Federation hub = v1(HUB, new Relay(table("hub", A, B, C)), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        TakLikeV1Peer a = peer(A).dial(hub.port());
        TakLikeV1Peer b = peer(B).dial(hub.port());
        await(hub, established(A));
        await(hub, established(B));
        a.send(contact(CRUD.CREATE, "alpha"));
        assertEquals("alpha", b.received.poll(5, TimeUnit.SECONDS).getContact().getUid());
        TakLikeV1Peer c = peer(C).dial(hub.port());
        FederatedEvent welcome = c.received.poll(5, TimeUnit.SECONDS);
        assertNotNull(welcome, "a newcomer receives the contact list on connect (spec 5.3)");
        assertEquals(CRUD.CREATE, welcome.getContact().getOperation());
        assertEquals("alpha", welcome.getContact().getUid());
        a.close();
        FederatedEvent gone = b.received.poll(5, TimeUnit.SECONDS);
        assertNotNull(gone, "the leaver's contacts are deleted at the others");
        assertEquals(CRUD.DELETE, gone.getContact().getOperation());
        assertEquals("alpha", gone.getContact().getUid());
    }

    @Test
    void aNewcomerGetsTheLatestFreshPositionOfEachUidItMaySee() throws Exception {
        V1Federation hub = v1(HUB, new Relay(table("hub", A, B, C)), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        TakLikeV1Peer a = peer(A).dial(hub.port());
        TakLikeV1Peer b = peer(B).dial(hub.port());
        await(hub, established(A));
        await(hub, established(B));
        long future = System.currentTimeMillis() + 60_000;
        a.send(report("ANDROID-1", 1.0, future));
        a.send(report("ANDROID-1", 2.0, future));
        a.send(report("ANDROID-gone", 3.0, System.currentTimeMillis() - 1_000));
        a.send(FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder()
                .setUid("chat-1").setType("b-t-f").setStaleTime(future))).build());
        for (int i = 0; i < 4; i++) {
            assertNotNull(b.received.poll(5, TimeUnit.SECONDS), "live delivery first");
        }
        TakLikeV1Peer c = peer(C).dial(hub.port());
        FederatedEvent latest = c.received.poll(5, TimeUnit.SECONDS);
        assertNotNull(latest, "the newcomer gets the latest SA");
        assertEquals("ANDROID-1", latest.getEvent().getUid());
        assertEquals(2.0, latest.getEvent().getLat(), "only the latest report of a uid");
        assertNull(c.received.poll(500, TimeUnit.MILLISECONDS), "no stale report, no chat: only fresh positions");
    }

    private static FederatedEvent report(String uid, double lat, long staleTime) {
        return FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder().setUid(uid)
                .setType("a-f-G-U-C").setLat(lat).setStaleTime(staleTime).setOther("<detail/>"))).build();
    }

    @Test
    void aFrameThatDoesNotParseClosesThatLinkOnlyAsProtocolError() throws Exception {
        V1Federation hub = v1(HUB, new Relay(table("hub", A, B, C)), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        TakLikeV1Peer a = peer(A).dial(hub.port());
        TakLikeV1Peer b = peer(B).dial(hub.port());
        TakLikeV1Peer c = peer(C).dial(hub.port());
        await(hub, established(A));
        await(hub, established(B));
        await(hub, established(C));
        a.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F});
        assertTrue(a.awaitClosed(5), "the bad link is closed");
        String fingerprintA = CertificateIdentity.fingerprint(A.certificate());
        LinkReport failed = await(hub, l -> fingerprintA.equals(l.fingerprint()) && l.failure() != null);
        assertEquals("protocol-error", failed.failure());
        assertEquals(Map.of("protocol-error", 1L), failed.closures());
        c.send(pli("ANDROID-c", 1));
        assertEquals("ANDROID-c", b.received.poll(5, TimeUnit.SECONDS).getEvent().getUid(), "others are unaffected");
    }

    @Test
    void aFrameAboveTheMaximumClosesThatLinkAsFrameTooLarge() throws Exception {
        V1Federation hub = v1(HUB, new Relay(table("hub", A, B)), 4096);
        TakLikeV1Peer a = peer(A).dial(hub.port());
        TakLikeV1Peer b = peer(B).dial(hub.port());
        await(hub, established(A));
        await(hub, established(B));
        a.sendBytes(java.nio.ByteBuffer.allocate(4).putInt(4097).array());
        assertTrue(a.awaitClosed(5));
        String fingerprintA = CertificateIdentity.fingerprint(A.certificate());
        assertEquals("frame-too-large", await(hub, l -> fingerprintA.equals(l.fingerprint())
                && l.failure() != null).failure());
        assertTrue(await(hub, established(B)).federate(), "B keeps its link");
    }

    @Test
    void aCertificateWithoutServerAuthIsRefusedWithTheReason() throws Exception {
        DevelopmentPki.Issued clientOnly = DevelopmentPki.federationCertificate(CA, "client-only", List.of("client-only"),
                List.of(), java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(86_400),
                List.of(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth));
        V1Federation hub = v1(HUB, new Relay(table("hub", clientOnly)), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        TakLikeV1Peer peer = peer(clientOnly).dial(hub.port());
        assertTrue(peer.awaitClosed(5), "TLS accepts a clientAuth certificate; takfed's federation check does not");
        String fingerprint = CertificateIdentity.fingerprint(clientOnly.certificate());
        LinkReport refused = await(hub, l -> fingerprint.equals(l.fingerprint()) && l.failure() != null);
        assertEquals("authentication-failure", refused.failure());
        assertTrue(refused.detail().startsWith("eku-missing"), refused.detail());
    }

    @Test
    void theStrategyAndRejectionsAreCheckedBeforeAnythingElse() throws Exception {
        String fingerprintA = CertificateIdentity.fingerprint(A.certificate());
        Relay relay = new Relay(RoutingTable.of("hub", List.of(blue(1, A), blue(2, B)),
                io.takfed.connector.api.routing.FederationStrategy.ALLOW_DYNAMIC, Set.of(fingerprintA)));
        V1Federation hub = v1(HUB, relay, V1Codec.DEFAULT_MAX_FRAME_BYTES);
        TakLikeV1Peer rejected = peer(A).dial(hub.port());
        assertTrue(rejected.awaitClosed(5), "a rejected certificate is closed right after the handshake");
        LinkReport denied = await(hub, l -> fingerprintA.equals(l.fingerprint()) && l.failure() != null);
        assertEquals("federation-denied", denied.failure());
        TakLikeV1Peer allowed = peer(B).dial(hub.port());
        await(hub, established(B));

        relay.apply(RoutingTable.empty("hub", io.takfed.connector.api.routing.FederationStrategy.ALLOW_NONE));
        TakLikeV1Peer underNone = peer(C).dial(hub.port());
        assertTrue(underNone.awaitClosed(5), "allowNone admits nobody");
        String fingerprintC = CertificateIdentity.fingerprint(C.certificate());
        assertEquals("federation-denied", await(hub, l -> fingerprintC.equals(l.fingerprint())
                && l.failure() != null).failure());
        assertTrue(allowed.received.isEmpty());
    }

    @Test
    void aSecondLinkWithTheSameCertificateIsADuplicate() throws Exception {
        V1Federation hub = v1(HUB, new Relay(table("hub", A)), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        peer(A).dial(hub.port());
        await(hub, established(A));
        TakLikeV1Peer again = peer(A).dial(hub.port());
        assertTrue(again.awaitClosed(5), "the duplicate is closed");
        assertTrue(await(hub, established(A)).federate(), "the first link stays");
    }

    @Test
    void v1AndV2FederatesExchangeEventsThroughOneRelay() throws Exception {
        Relay relay = new Relay(table("hub", A, B));
        V1Federation hub = v1(HUB, relay, V1Codec.DEFAULT_MAX_FRAME_BYTES);
        V2Server v2 = V2Server.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, LOOPS,
                new FederationIdentity(HUB.key(), HUB.chain(), List.of(CA.certificate()),
                        FederationIdentity.Source.GENERATED), TLS, relay, V2Server.DEFAULT_MAX_INBOUND_BYTES,
                V2Server.DEFAULT_QUEUE_CAPACITY, V2Server.HEALTH_TIMEOUT, V2Server.SWEEP_INTERVAL);
        open.add(v2);
        TakLikeV1Peer a = peer(A).dial(hub.port());
        await(hub, established(A));
        TakLikeClient b = new TakLikeClient(v2.port(), B, CA.certificate(), "b").connect();
        open.add(b);
        FederatedEvent fromV1 = pli("ANDROID-v1", 0);
        a.send(fromV1);
        FederatedEvent atV2 = b.received.poll(5, TimeUnit.SECONDS);
        assertNotNull(atV2, "v1 -> v2");
        assertEquals(fromV1.getEvent(), atV2.getEvent());
        FederatedEvent fromV2 = pli("ANDROID-v2", 0);
        b.send(fromV2);
        FederatedEvent atV1 = a.received.poll(5, TimeUnit.SECONDS);
        assertNotNull(atV1, "v2 -> v1");
        assertEquals(fromV2.getEvent(), atV1.getEvent());
    }

    @Test
    void takfedDialsATakLikeV1ServerAndRelaysBothWays() throws Exception {
        TakLikeV1Peer takServer = peer(B).listen();
        V1Federation y = v1(NODE_Y, new Relay(table("node-y", A, B)), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        TakLikeV1Peer a = peer(A).dial(y.port());
        await(y, established(A));
        y.dial(dial(takServer.port(), null));
        assertTrue(takServer.awaitConnected(5));
        LinkReport link = await(y, l -> LinkReport.OUTBOUND.equals(l.direction()) && l.federate());
        assertEquals(CertificateIdentity.fingerprint(B.certificate()), link.fingerprint());
        assertEquals("v1", link.protocol());
        a.send(pli("ANDROID-a", 1));
        assertEquals("ANDROID-a", takServer.received.poll(5, TimeUnit.SECONDS).getEvent().getUid());
        takServer.send(pli("TAK-b", 2));
        assertEquals("TAK-b", a.received.poll(5, TimeUnit.SECONDS).getEvent().getUid());
        takServer.close();
        LinkReport ended = await(y, l -> LinkReport.OUTBOUND.equals(l.direction()) && "failed".equals(l.state()));
        assertEquals("federation-connection-refused", ended.failure(), "the domain retries on this");
    }

    @Test
    void twoTransportsFederateOverV1() throws Exception {
        V1Federation x = v1(HUB, new Relay(table("node-x", A, NODE_Y)), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        V1Federation y = v1(NODE_Y, new Relay(table("node-y", B, HUB)), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        TakLikeV1Peer a = peer(A).dial(x.port());
        TakLikeV1Peer b = peer(B).dial(y.port());
        await(x, established(A));
        await(y, established(B));
        y.dial(dial(x.port(), CertificateIdentity.fingerprint(HUB.certificate())));
        await(y, l -> LinkReport.OUTBOUND.equals(l.direction()) && l.federate());
        await(x, established(NODE_Y));
        a.send(pli("ANDROID-a", 0));
        FederatedEvent atB = b.received.poll(5, TimeUnit.SECONDS);
        assertNotNull(atB, "A -> X -> Y -> B");
        assertEquals(List.of("node-x", "node-y"), atB.getFederateProvenanceList().stream()
                .map(p -> p.getFederationServerId()).toList());
        b.send(pli("ANDROID-b", 0));
        assertEquals("ANDROID-b", a.received.poll(5, TimeUnit.SECONDS).getEvent().getUid(), "B -> Y -> X -> A");
    }

    @Test
    void aDialledPeerWithAnotherCertificateThanPinnedIsAnAuthenticationFailure() throws Exception {
        TakLikeV1Peer impostor = peer(C).listen();
        V1Federation y = v1(NODE_Y, new Relay(table("node-y", B)), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        y.dial(dial(impostor.port(), CertificateIdentity.fingerprint(B.certificate())));
        LinkReport failed = await(y, l -> "failed".equals(l.state()));
        assertEquals("authentication-failure", failed.failure());
        assertTrue(impostor.awaitClosed(5), "the link is closed, not kept");
    }

    @Test
    void dialNothingListeningIsConnectionRefused() throws Exception {
        V1Federation y = v1(NODE_Y, new Relay(table("node-y")), V1Codec.DEFAULT_MAX_FRAME_BYTES);
        int free;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        y.dial(dial(free, null));
        assertEquals("federation-connection-refused", await(y, l -> "failed".equals(l.state())).failure());
    }

    private static DialRequest dial(int port, String expectedFingerprint) {
        // Host-name verification is off: the test peers' certificates name no host.
        return new DialRequest(7, "node-y", "127.0.0.1", port, false, List.of(), List.of(), null, expectedFingerprint,
                DialRequest.V1);
    }
}
