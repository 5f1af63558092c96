package io.takfed.connector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.ProbeRequest;
import io.takfed.connector.api.ProbeResult;
import io.takfed.connector.api.routing.FederationStrategy;
import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.routing.Relay;
import io.takfed.connector.transport.probe.TlsProbe;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.transport.tls.IdentityLoader;
import io.takfed.connector.transport.tls.IdentityWatcher;
import io.takfed.connector.transport.tls.LiveIdentity;
import io.takfed.connector.v1.V1Federation;
import io.takfed.connector.v2.TakLikeClient;
import io.takfed.connector.v2.V2Server;
import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import io.takfed.wire.v2.ServerHealth;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server certificate, its key and the truststore directory are reloaded while links are up: new handshakes
 * get the new material on both listeners, the link already up stays up, and a key that does not match its
 * certificate keeps the old material.
 */
class IdentityReloadTest {

    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private static final FederationTls TLS = new FederationTls(List.of("TLSv1.3", "TLSv1.2"));
    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Our CA");
    private static final DevelopmentPki.Issued PARTNER_CA = DevelopmentPki.certificateAuthority("Partner CA");
    private static final DevelopmentPki.Issued A = federate(CA, "a");
    private static final DevelopmentPki.Issued B = federate(PARTNER_CA, "b");

    @TempDir
    Path dir;

    private static DevelopmentPki.Issued federate(DevelopmentPki.Issued ca, String name) {
        return DevelopmentPki.federationCertificate(ca, name, List.of(name), List.of());
    }

    private static DevelopmentPki.Issued server() {
        return DevelopmentPki.federationCertificate(CA, "takfed", List.of("localhost"),
                List.of(InetAddress.getLoopbackAddress()));
    }

    @AfterAll
    static void loops() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void write(String name, String text) throws Exception {
        // As an operator's tooling would: a new file moved over the old one.
        Path temp = dir.resolve(name + ".new");
        Files.writeString(temp, text);
        Files.move(temp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void install(DevelopmentPki.Issued certificate, java.security.PrivateKey key) throws Exception {
        write("server.pem", Pem.write(certificate.chain().toArray()));
        write("server.key", Pem.pkcs8(key));
    }

    /** A full probe, protocol stage included: a v2 listener only completes a session over ALPN h2. */
    private static ProbeResult probe(int port, DevelopmentPki.Issued as, String protocol) {
        TlsProbe probe = new TlsProbe(LOOPS, TLS, new FederationIdentity(as.key(), as.chain(), List.of(),
                FederationIdentity.Source.CONFIGURED));
        return probe.probe(new ProbeRequest("localhost", port, true, true, List.of(CA.certificate()), as.chain(),
                as.key(), Duration.ofSeconds(3), null, null, protocol));
    }

    @Test
    void newConnectionsGetTheNewMaterialAndTheLinkUpStaysUp() throws Exception {
        DevelopmentPki.Issued first = server();
        install(first, first.key());
        write("ca.pem", Pem.write(CA.certificate()));
        Files.createDirectories(dir.resolve("trust"));
        Map<String, String> env = Map.of("TAKFED_DATA_DIR", dir.resolve("data").toString(),
                "OTS_FEDERATION_CERT_FILE", dir.resolve("server.pem").toString(),
                "OTS_FEDERATION_KEY_FILE", dir.resolve("server.key").toString(),
                "OTS_FEDERATION_CA_FILE", dir.resolve("ca.pem").toString(),
                "OTS_FEDERATION_TRUSTSTORE_DIR", dir.resolve("trust").toString());
        IdentityLoader loader = new IdentityLoader(ConnectorSettings.from(env::get));
        LiveIdentity live = LiveIdentity.of(loader.load());
        IdentityWatcher watcher = new IdentityWatcher(loader, live);
        List<PeerPolicy> peers = List.of(
                new PeerPolicy(1, "a", CertificateIdentity.fingerprint(A.certificate()), Set.of("blue"),
                        Set.of("blue"), true, -1),
                new PeerPolicy(2, "b", CertificateIdentity.fingerprint(B.certificate()), Set.of("blue"),
                        Set.of("blue"), true, -1));
        Relay relay = new Relay(RoutingTable.of("takfed", peers, FederationStrategy.ALLOW_DYNAMIC, Set.of()));
        V2Server v2 = V2Server.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, LOOPS, live, TLS, relay, 1 << 20,
                1024, Duration.ofSeconds(15), Duration.ofSeconds(5));
        V1Federation v1 = V1Federation.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, live, TLS, relay, 1 << 20,
                1024, Duration.ZERO);
        try (TakLikeClient linked = new TakLikeClient(v2.port(), A, CA.certificate(), "a").connect()) {
            assertEquals(CertificateIdentity.fingerprint(first.certificate()), probe(v2.port(), A, "v2").peerFingerprint());
            assertFalse(watcher.checkNow(), "nothing changed, nothing reloaded");

            DevelopmentPki.Issued second = server();
            install(second, second.key());
            assertTrue(watcher.checkNow());
            String secondFingerprint = CertificateIdentity.fingerprint(second.certificate());
            assertEquals(secondFingerprint, probe(v2.port(), A, "v2").peerFingerprint(), "v2 presents the new certificate");
            assertEquals(secondFingerprint, probe(v1.port(), A, "v1").peerFingerprint(), "and so does v1");
            assertEquals(ServerHealth.ServingStatus.SERVING, linked.health(), "the link that was up stays up");

            DevelopmentPki.Issued third = server();
            install(third, second.key());
            assertFalse(watcher.checkNow(), "a key that does not match its certificate is not taken");
            assertEquals(secondFingerprint, probe(v2.port(), A, "v2").peerFingerprint(), "the old material stays");

            ProbeResult refused = probe(v2.port(), B, "v2");
            assertEquals(FederationFailure.FEDERATION_TLS_ERROR, refused.failure(), "the partner CA is not trusted yet");
            write("trust/partner-ca.crt", Pem.write(PARTNER_CA.certificate()));
            install(second, second.key());
            assertTrue(watcher.checkNow());
            ProbeResult admitted = probe(v2.port(), B, "v2");
            assertTrue(admitted.succeeded(), "a CA dropped into the truststore directory is trusted: " + admitted);
        } finally {
            v1.close();
            v2.close();
            watcher.close();
        }
    }
}
