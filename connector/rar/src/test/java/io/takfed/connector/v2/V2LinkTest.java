package io.takfed.connector.v2;

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
import io.takfed.connector.api.ReceivedRol;
import io.takfed.connector.api.RolLink;
import io.takfed.connector.api.RolMessage;
import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.DevelopmentPki;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.GeoEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Outbound v2 links: one takfed transport dialling another, with TAK-like federates on both ends. */
class V2LinkTest {

    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private static final FederationTls TLS = new FederationTls(List.of("TLSv1.3", "TLSv1.2"));
    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Federation CA");
    private static final DevelopmentPki.Issued NODE_X = node("localhost");
    private static final DevelopmentPki.Issued NODE_Y = node("node-y");
    private static final DevelopmentPki.Issued A = DevelopmentPki.federationCertificate(CA, "a", List.of("a"), List.of());
    private static final DevelopmentPki.Issued B = DevelopmentPki.federationCertificate(CA, "b", List.of("b"), List.of());

    private V2Server x;
    private V2Server y;

    private static DevelopmentPki.Issued node(String name) {
        return DevelopmentPki.federationCertificate(CA, name, List.of(name, "localhost"),
                List.of(InetAddress.getLoopbackAddress()));
    }

    private static PeerPolicy blue(long id, DevelopmentPki.Issued who) {
        return new PeerPolicy(id, "p" + id, CertificateIdentity.fingerprint(who.certificate()), Set.of("blue"),
                Set.of("blue"), true, -1);
    }

    private static V2Server server(DevelopmentPki.Issued identity, RoutingTable table) throws Exception {
        return V2Server.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, LOOPS,
                new FederationIdentity(identity.key(), identity.chain(), List.of(CA.certificate()),
                        FederationIdentity.Source.GENERATED), TLS, table, V2Server.DEFAULT_MAX_INBOUND_BYTES, V2Server.DEFAULT_QUEUE_CAPACITY,
                V2Server.HEALTH_TIMEOUT, V2Server.SWEEP_INTERVAL);
    }

    private static DialRequest dial(int port, String expectedFingerprint) {
        return new DialRequest(7, "node-y", "localhost", port, true, List.of(), List.of(), null, expectedFingerprint, DialRequest.V2);
    }

    private static LinkReport await(V2Server server, Predicate<LinkReport> condition) throws InterruptedException {
        return await(server, condition, Duration.ofSeconds(25));
    }

    private static LinkReport await(V2Server server, Predicate<LinkReport> condition, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        LinkReport last = null;
        while (System.nanoTime() < deadline) {
            for (LinkReport link : server.links()) {
                if (LinkReport.OUTBOUND.equals(link.direction())) {
                    last = link;
                    if (condition.test(link)) {
                        return link;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("outbound link never reached the state; last: " + last);
    }

    @AfterEach
    void stop() {
        if (y != null) {
            y.close();
        }
        if (x != null) {
            x.close();
        }
    }

    @AfterAll
    static void loops() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void twoTransportsFederateOverV2AndRelayBothWays() throws Exception {
        x = server(NODE_X, RoutingTable.of("node-x", List.of(blue(1, A), blue(2, NODE_Y))));
        y = server(NODE_Y, RoutingTable.of("node-y", List.of(blue(1, B), blue(2, NODE_X))));
        y.dial(dial(x.port(), CertificateIdentity.fingerprint(NODE_X.certificate())));
        LinkReport up = await(y, link -> "connected".equals(link.state()));
        assertEquals(CertificateIdentity.fingerprint(NODE_X.certificate()), up.fingerprint());

        try (TakLikeClient a = new TakLikeClient(x.port(), A, CA.certificate(), "A").connect();
             TakLikeClient b = new TakLikeClient(y.port(), B, CA.certificate(), "B").connect()) {
            FederatedEvent sent = FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder()
                    .setUid("ANDROID-a").setType("a-f-G").setLat(0).setLon(1).setOther("<detail/>"))).build();
            a.send(sent);
            FederatedEvent atB = b.received.poll(5, TimeUnit.SECONDS);
            assertNotNull(atB, "A's event crossed X, the link, and Y to reach B");
            assertEquals(sent.getEvent(), atB.getEvent());
            assertEquals(List.of("node-x", "node-y"), atB.getFederateProvenanceList().stream()
                    .map(p -> p.getFederationServerId()).toList());
            assertEquals(2, atB.getFederateHops().getCurrentHops());

            b.send(FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder()
                    .setUid("ANDROID-b").setType("a-f-G"))).build());
            assertEquals("ANDROID-b", a.received.poll(5, TimeUnit.SECONDS).getEvent().getUid());
            assertNull(a.received.poll(300, TimeUnit.MILLISECONDS), "nothing echoes back over the link");
        }

        x.close();
        x = null;
        LinkReport down = await(y, link -> "failed".equals(link.state()));
        assertNotNull(down.failure(), "a dead peer fails the link with a label: " + down.detail());
    }

    @Test
    void betweenTakfedPeersOnlyWhatTheReceiverStoredIsConfirmedInEitherDirection() throws Exception {
        List<List<ReceivedRol>> received = threeMessagesEachWay();
        List<ReceivedRol> atX = received.get(0);
        List<ReceivedRol> atY = received.get(1);
        // Two whole health intervals: health alone would have confirmed all three by now.
        Thread.sleep(2 * V2Link.HEALTH_INTERVAL.toMillis() + 1_000);
        assertEquals(0, awaitRolLink(y).confirmed(), "nothing X has not stored is confirmed to Y");
        assertEquals(0, awaitRolLink(x).confirmed(), "nothing Y has not stored is confirmed to X");
        assertTrue(awaitRolLink(y).peerAcknowledges() && awaitRolLink(x).peerAcknowledges(),
                "each side knows the other reports what it stored");

        x.ackRol(atX.get(1).sessionId(), atX.get(1).number());
        y.ackRol(atY.get(2).sessionId(), atY.get(2).number());
        awaitConfirmed(y, 2);
        awaitConfirmed(x, 3);
        assertEquals(List.of("p0", "p1", "p2"), atX.stream().map(r -> r.message().program()).toList(),
                "received in the order written");
    }

    @Test
    void betweenTakfedPeersWhatTheReceiverStoredIsConfirmedBeforeTheNextRegularHealthCheck() throws Exception {
        List<List<ReceivedRol>> received = threeMessagesEachWay();
        List<ReceivedRol> atX = received.get(0);
        List<ReceivedRol> atY = received.get(1);
        await(y, link -> awaitRolLinkQuietly(y).peerAcknowledges() && awaitRolLinkQuietly(x).peerAcknowledges());
        // Regular checks are 3 s apart: three confirmations each within a second, in each direction, are the
        // progress checks' doing (at most one in 27 would be by chance).
        for (int i = 0; i < 3; i++) {
            x.ackRol(atX.get(i).sessionId(), atX.get(i).number());
            y.ackRol(atY.get(i).sessionId(), atY.get(i).number());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < deadline
                    && (awaitRolLink(y).confirmed() != i + 1 || awaitRolLink(x).confirmed() != i + 1)) {
                Thread.sleep(10);
            }
            assertEquals(i + 1, awaitRolLink(y).confirmed(), "X stored it and Y knows within a second");
            assertEquals(i + 1, awaitRolLink(x).confirmed(), "Y stored it and X knows within a second");
        }
    }

    @Test
    void aTakPeerIsCheckedOnlyEveryHealthIntervalWhateverIsInFlight() throws Exception {
        try (TakLikeServer tak = new TakLikeServer(NODE_X, CA.certificate())) {
            y = server(NODE_Y, RoutingTable.of("node-y", List.of(blue(2, NODE_X))));
            y.dial(dial(tak.port(), CertificateIdentity.fingerprint(NODE_X.certificate())));
            await(y, link -> "connected".equals(link.state()));
            RolLink link = awaitRolLink(y);
            y.sendRol(link.sessionId(), rol(3));
            int before = tak.healthChecks.get();
            Thread.sleep(V2Link.HEALTH_INTERVAL.toMillis() + 500);
            int checks = tak.healthChecks.get() - before;
            // Its confirmations are timed by the regular checks, so more of them would confirm sooner than promised.
            assertTrue(checks <= 2, checks + " checks in one interval and a half");
            assertFalse(awaitRolLink(y).peerAcknowledges(), "a TAK peer reports nothing it stored");
        }
    }

    /**
     * Y dials X, then writes as the client (ServerROLStream) and X as the server (ClientROLStream) three messages each
     * way; what X received and what Y received, none of it stored yet.
     */
    private List<List<ReceivedRol>> threeMessagesEachWay() throws Exception {
        x = server(NODE_X, RoutingTable.of("node-x", List.of(blue(2, NODE_Y))));
        y = server(NODE_Y, RoutingTable.of("node-y", List.of(blue(2, NODE_X))));
        y.dial(dial(x.port(), CertificateIdentity.fingerprint(NODE_X.certificate())));
        await(y, link -> "connected".equals(link.state()));
        RolLink fromY = awaitRolLink(y);
        RolLink fromX = awaitRolLink(x);
        y.sendRol(fromY.sessionId(), rol(3));
        x.sendRol(fromX.sessionId(), rol(3));
        return List.of(awaitReceived(x, 3), awaitReceived(y, 3));
    }

    private static RolLink awaitRolLinkQuietly(V2Server server) {
        try {
            return awaitRolLink(server);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<RolMessage> rol(int count) {
        List<RolMessage> messages = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(new RolMessage("p" + i, List.of(), List.of()));
        }
        return messages;
    }

    /** The server's one ROL link that can send, once it exists. */
    private static RolLink awaitRolLink(V2Server server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            List<RolLink> links = server.rolLinks();
            if (links.size() == 1) {
                return links.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no single ROL link; links: " + server.rolLinks());
    }

    private static List<ReceivedRol> awaitReceived(V2Server server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && server.receivedRol(count).size() < count) {
            Thread.sleep(50);
        }
        List<ReceivedRol> received = server.receivedRol(count);
        assertEquals(count, received.size(), "ROL messages received");
        return received;
    }

    private static void awaitConfirmed(V2Server sender, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && awaitRolLink(sender).confirmed() != expected) {
            Thread.sleep(50);
        }
        assertEquals(expected, awaitRolLink(sender).confirmed(), "confirmed up to what the receiver stored");
    }

    @Test
    void nothingListeningFailsTheLinkAsConnectionRefused() throws Exception {
        y = server(NODE_Y, RoutingTable.empty("node-y"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        y.dial(dial(closed, null));
        LinkReport failed = await(y, link -> "failed".equals(link.state()));
        assertEquals("federation-connection-refused", failed.failure(), failed.detail());
    }

    @Test
    void anotherCertificateThanTheExpectedOneIsAnAuthenticationFailure() throws Exception {
        x = server(NODE_X, RoutingTable.of("node-x", List.of(blue(2, NODE_Y))));
        y = server(NODE_Y, RoutingTable.empty("node-y"));
        y.dial(dial(x.port(), CertificateIdentity.fingerprint(A.certificate())));
        LinkReport failed = await(y, link -> "failed".equals(link.state()));
        assertEquals("authentication-failure", failed.failure(), failed.detail());
    }

    @Test
    void takfedDialsATakLikeServerAndRelaysBothWays() throws Exception {
        try (TakLikeServer tak = new TakLikeServer(NODE_X, CA.certificate())) {
            y = server(NODE_Y, RoutingTable.of("node-y", List.of(blue(1, B), blue(2, NODE_X))));
            y.dial(dial(tak.port(), CertificateIdentity.fingerprint(NODE_X.certificate())));
            await(y, link -> "connected".equals(link.state()));
            try (TakLikeClient b = new TakLikeClient(y.port(), B, CA.certificate(), "B").connect()) {
                FederatedEvent fromB = FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent
                        .newBuilder().setUid("ANDROID-b").setType("a-f-G").setLat(0).setOther("<detail/>"))).build();
                b.send(fromB);
                FederatedEvent atTak = tak.received.poll(5, TimeUnit.SECONDS);
                assertNotNull(atTak, "our federate's event reaches the TAK server we dialled");
                assertEquals(fromB.getEvent(), atTak.getEvent());
                FederatedEvent fromTak = FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent
                        .newBuilder().setUid("TAK-x").setType("a-f-G").setLat(0).setOther("<detail/>"))).build();
                tak.send(fromTak);
                FederatedEvent atB = b.received.poll(5, TimeUnit.SECONDS);
                assertNotNull(atB, "and the TAK server's event reaches our federate");
                assertEquals(fromTak.getEvent(), atB.getEvent());
            }
        }
    }

    @Test
    void aServerThatFallsSilentIsCaughtByTheHealthCheckDeadline() throws Exception {
        try (TakLikeServer tak = new TakLikeServer(NODE_X, CA.certificate())) {
            y = server(NODE_Y, RoutingTable.empty("node-y"));
            y.dial(dial(tak.port(), null));
            await(y, link -> "connected".equals(link.state()));
            // The server keeps its TCP connection and streams open, but stops answering health checks.
            tak.goSilent();
            long since = System.nanoTime();
            LinkReport failed = await(y, link -> "failed".equals(link.state()));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
            assertEquals("federation-timeout", failed.failure(), failed.detail());
            assertTrue(seconds <= HealthWatch.WINDOW.toSeconds() + V2Link.HEALTH_INTERVAL.toSeconds() + 1,
                    "caught within the health window and an interval: " + seconds);
        }
    }

    @Test
    void aTakServerThatRegistersLateAndLeavesNotConnectedCallsOpenKeepsTheLink() throws Exception {
        try (TakLikeServer tak = new TakLikeServer(NODE_X, CA.certificate()).registrationDelay(Duration.ofMillis(1500))) {
            y = server(NODE_Y, RoutingTable.of("node-y", List.of(blue(1, B), blue(2, NODE_X))));
            y.dial(dial(tak.port(), CertificateIdentity.fingerprint(NODE_X.certificate())));
            await(y, link -> "connected".equals(link.state()));
            assertTrue(tak.notConnectedAnswers.get() > 0, "the first checks met the late registration");
            // The open NOT_CONNECTED calls expire 10 s after they were sent; none of that may end the link.
            Thread.sleep(V2Link.HEALTH_DEADLINE.toMillis() + 2_000);
            LinkReport link = await(y, report -> true);
            assertEquals("connected", link.state(), link.failure() + ": " + link.detail());
            assertEquals(0, tak.swept.get(), "TAK's sweep saw a check every interval");
            assertTrue(tak.servingAnswers.get() >= 4, "checked every 3 s: " + tak.servingAnswers.get());
            try (TakLikeClient b = new TakLikeClient(y.port(), B, CA.certificate(), "B").connect()) {
                tak.send(TakEvents.event(TakEvents.position("TAK-x", "a-f-G", 0, 0)));
                FederatedEvent atB = b.received.poll(5, TimeUnit.SECONDS);
                assertNotNull(atB, "the TAK server's event reaches our federate");
                assertFalse(atB.getEvent().hasLat(), "as TAK 5.x wrote it, without its zero lat");
                b.send(TakEvents.event(TakEvents.position("ANDROID-b", "a-f-G", 1, 0)));
                assertNotNull(tak.received.poll(5, TimeUnit.SECONDS), "and ours reaches the TAK server");
            }
        }
    }

    @Test
    void aTakServerWithHealthChecksOffIsLeftOnceTheWindowPassesWithoutAnAnswer() throws Exception {
        try (TakLikeServer tak = new TakLikeServer(NODE_X, CA.certificate()).healthOff()) {
            y = server(NODE_Y, RoutingTable.of("node-y", List.of(blue(2, NODE_X))));
            long since = System.nanoTime();
            y.dial(dial(tak.port(), CertificateIdentity.fingerprint(NODE_X.certificate())));
            LinkReport failed = await(y, link -> "failed".equals(link.state()), HealthWatch.WINDOW.plusSeconds(10));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
            assertEquals("federation-timeout", failed.failure(), failed.detail());
            assertTrue(failed.detail().contains("enableHealthCheck=false"), failed.detail());
            assertTrue(seconds >= HealthWatch.WINDOW.toSeconds() && seconds <= HealthWatch.WINDOW.toSeconds()
                    + V2Link.HEALTH_INTERVAL.toSeconds() + 2, "left after the window, not before: " + seconds);
            assertTrue(tak.registrations.get() >= 1, "TAK had registered our event stream: only its health checks were off");
        }
    }

    @Test
    void dialingAFederateThatAlreadyDialledUsIsADuplicate() throws Exception {
        x = server(NODE_X, RoutingTable.of("node-x", List.of(blue(2, NODE_Y))));
        y = server(NODE_Y, RoutingTable.of("node-y", List.of(blue(1, NODE_X))));
        x.dial(new DialRequest(9, "node-x", "localhost", y.port(), true, List.of(), List.of(), null, null,
                DialRequest.V2));
        await(x, link -> "connected".equals(link.state()));
        y.dial(dial(x.port(), null));
        LinkReport duplicate = await(y, link -> "failed".equals(link.state()));
        assertEquals("duplicate-connection", duplicate.failure(), duplicate.detail());
        assertEquals("connected", await(x, link -> true).state(), "the first link stays up");
    }
}
