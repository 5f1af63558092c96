package io.takfed.connector.transport.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.ProbeRequest;
import io.takfed.connector.api.ProbeResult;
import io.takfed.connector.api.ProbeStage;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.DevelopmentPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Real TLS on loopback, certificates issued by BouncyCastle for each role. */
class TlsProbeTest {

    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private static final FederationTls TLS = new FederationTls(List.of("TLSv1.3", "TLSv1.2"));

    private static final DevelopmentPki.Issued OUR_CA = DevelopmentPki.certificateAuthority("Our CA");
    private static final DevelopmentPki.Issued PEER_CA = DevelopmentPki.certificateAuthority("Peer CA");
    private static final DevelopmentPki.Issued US = leaf(OUR_CA, "us.example");
    private static final DevelopmentPki.Issued PEER = leaf(PEER_CA, "peer.example");

    private static DevelopmentPki.Issued leaf(DevelopmentPki.Issued ca, String name) {
        return DevelopmentPki.federationCertificate(ca, name, List.of(name, "localhost"),
                List.of(InetAddress.getLoopbackAddress()));
    }

    private static FederationIdentity identity(DevelopmentPki.Issued issued, DevelopmentPki.Issued... trusted) {
        return new FederationIdentity(issued.key(), issued.chain(),
                java.util.Arrays.stream(trusted).map(DevelopmentPki.Issued::certificate).toList(),
                FederationIdentity.Source.GENERATED);
    }

    private static ProbeRequest request(int port, boolean verifyHostname, String host, DevelopmentPki.Issued... anchors) {
        return new ProbeRequest(host, port, true, verifyHostname,
                java.util.Arrays.stream(anchors).map(DevelopmentPki.Issued::certificate).toList(), List.of(), null,
                Duration.ofSeconds(3));
    }

    private static TestTlsServer peerTrusting(DevelopmentPki.Issued... trusted) throws Exception {
        return new TestTlsServer(GROUP, TLS.server(identity(PEER, trusted)));
    }

    private final TlsProbe probe = new TlsProbe(GROUP, TLS, identity(US, OUR_CA));

    @AfterAll
    static void stop() {
        GROUP.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void mutualTlsWithBothCasExchangedSucceedsAndReportsThePeer() throws Exception {
        try (TestTlsServer server = peerTrusting(OUR_CA)) {
            ProbeResult result = probe.probe(request(server.port(), true, "localhost", PEER_CA));
            assertTrue(result.succeeded(), result.detail());
            assertEquals(ProbeStage.IDENTITY, result.lastStagePassed());
            assertEquals("TLSv1.3", result.tlsProtocol());
            assertTrue(FederationTls.CIPHER_SUITES.contains(result.cipherSuite()));
            assertEquals(CertificateIdentity.fingerprint(PEER.certificate()), result.peerFingerprint());
        }
    }

    @Test
    void nothingListeningIsConnectionRefusedAfterDns() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProbeResult result = probe.probe(request(port, true, "127.0.0.1", PEER_CA));
        assertEquals(FederationFailure.FEDERATION_CONNECTION_REFUSED, result.failure());
        assertEquals(ProbeStage.DNS, result.lastStagePassed());
    }

    @Test
    void anUntrustedPeerCaIsATlsErrorThatNamesWhoWasRefused() throws Exception {
        try (TestTlsServer server = peerTrusting(OUR_CA)) {
            ProbeResult result = probe.probe(request(server.port(), true, "localhost"));
            assertEquals(FederationFailure.FEDERATION_TLS_ERROR, result.failure());
            assertEquals(ProbeStage.TCP, result.lastStagePassed());
            assertTrue(result.detail().contains("does not chain to a CA we trust"), result.detail());
            assertEquals(CertificateIdentity.fingerprint(PEER.certificate()), result.peerFingerprint());
        }
    }

    @Test
    void aPeerThatDoesNotTrustUsIsReportedAsRejectingOurCertificate() throws Exception {
        try (TestTlsServer server = peerTrusting(PEER_CA)) {
            ProbeResult result = probe.probe(request(server.port(), true, "localhost", PEER_CA));
            assertEquals(FederationFailure.FEDERATION_TLS_ERROR, result.failure());
            assertTrue(result.detail().contains("rejected our certificate")
                    || result.detail().contains("does not trust our certificate"), result.detail());
        }
    }

    @Test
    void hostnameVerificationIsTheOnlyThingVerifySslTurnsOff() throws Exception {
        var namedOnly = DevelopmentPki.federationCertificate(PEER_CA, "peer.example", List.of("peer.example"), List.of());
        try (TestTlsServer server = new TestTlsServer(GROUP, TLS.server(identity(namedOnly, OUR_CA)))) {
            ProbeResult strict = probe.probe(request(server.port(), true, "127.0.0.1", PEER_CA));
            assertEquals(FederationFailure.FEDERATION_TLS_ERROR, strict.failure());
            assertTrue(strict.detail().contains("subject alternative names"), strict.detail());

            ProbeResult lenient = probe.probe(request(server.port(), false, "127.0.0.1", PEER_CA));
            assertTrue(lenient.succeeded(), lenient.detail());

            ProbeResult untrusted = probe.probe(request(server.port(), false, "127.0.0.1"));
            assertEquals(FederationFailure.FEDERATION_TLS_ERROR, untrusted.failure(), "the chain is always verified");
        }
    }

    @Test
    void aPortThatDoesNotSpeakTlsIsSaidSo() throws Exception {
        try (TestTlsServer server = new TestTlsServer(GROUP, null)) {
            ProbeResult result = probe.probe(request(server.port(), true, "localhost", PEER_CA));
            assertEquals(FederationFailure.FEDERATION_TLS_ERROR, result.failure());
            assertTrue(result.detail().contains("does not speak TLS"), result.detail());
            assertNull(result.peerFingerprint());
        }
    }

    @Test
    void aProbeWithoutTlsNeverPassesWhateverListens() throws Exception {
        try (TestTlsServer server = peerTrusting(OUR_CA)) {
            ProbeResult result = probe.probe(new ProbeRequest("localhost", server.port(), false, true, List.of(),
                    List.of(), null, Duration.ofSeconds(2)));
            assertFalse(result.succeeded(), "a TCP connect alone is no federation link");
            assertEquals(ProbeStage.TCP, result.lastStagePassed());
            assertEquals(FederationFailure.FEDERATION_TLS_ERROR, result.failure());
        }
    }

    @Test
    void aPeerCertificateWithoutClientAuthFailsTheIdentityStageWithTheReason() throws Exception {
        DevelopmentPki.Issued serverOnly = DevelopmentPki.federationCertificate(PEER_CA, "peer.example",
                List.of("peer.example", "localhost"), List.of(InetAddress.getLoopbackAddress()),
                java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(86_400),
                List.of(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth));
        try (TestTlsServer server = new TestTlsServer(GROUP, TLS.server(identity(serverOnly, OUR_CA)))) {
            ProbeResult result = probe.probe(request(server.port(), true, "localhost", PEER_CA));
            assertEquals(ProbeStage.TLS, result.lastStagePassed(), "TLS itself is fine");
            assertEquals(FederationFailure.AUTHENTICATION_FAILURE, result.failure());
            assertTrue(result.detail().contains("clientAuth"), result.detail());
        }
    }

    @Test
    void anotherCertificateThanThePinnedOneFailsTheIdentityStage() throws Exception {
        try (TestTlsServer server = peerTrusting(OUR_CA)) {
            ProbeRequest pinned = new ProbeRequest("localhost", server.port(), true, true,
                    List.of(PEER_CA.certificate()), List.of(), null, Duration.ofSeconds(3),
                    CertificateIdentity.fingerprint(US.certificate()));
            ProbeResult result = probe.probe(pinned);
            assertEquals(ProbeStage.TLS, result.lastStagePassed());
            assertEquals(FederationFailure.AUTHENTICATION_FAILURE, result.failure());
            assertTrue(result.detail().contains("pinned"), result.detail());
        }
    }
}
