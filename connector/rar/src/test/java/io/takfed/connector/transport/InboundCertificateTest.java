package io.takfed.connector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.api.routing.FederationStrategy;
import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.routing.Relay;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.v1.V1Federation;
import io.takfed.connector.v2.V2Server;
import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.DevelopmentPki;
import io.takfed.wire.v2.ClientHealth;
import io.takfed.wire.v2.FederatedChannelGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each listener does with the certificate a connecting peer presents, over real mutual TLS: the TLS layer
 * refuses what PKIX refuses (no certificate, an untrusted CA, expired, no clientAuth EKU) before any federation
 * code runs; the federation checks refuse a certificate TAK could not use back (no serverAuth EKU) with a label;
 * a chain without its CA is accepted, with a warning, since the listener holds the CA.
 */
class InboundCertificateTest {

    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private static final FederationTls TLS = new FederationTls(List.of("TLSv1.3", "TLSv1.2"));
    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Federation CA");
    private static final DevelopmentPki.Issued OTHER_CA = DevelopmentPki.certificateAuthority("Unknown CA");
    private static final DevelopmentPki.Issued HUB = DevelopmentPki.federationCertificate(CA, "hub",
            List.of("localhost"), List.of(InetAddress.getLoopbackAddress()));
    private static final Instant NOW = Instant.now();

    /** The presented certificates by row name; "none" presents nothing. */
    private static final Map<String, List<Object>> PEERS = Map.of(
            "valid", material(issue(CA, NOW.minusSeconds(60), NOW.plusSeconds(86_400), both()), false),
            "untrusted-ca", material(issue(OTHER_CA, NOW.minusSeconds(60), NOW.plusSeconds(86_400), both()), false),
            "expired", material(issue(CA, NOW.minusSeconds(86_400), NOW.minusSeconds(60), both()), false),
            "server-auth-only", material(issue(CA, NOW.minusSeconds(60), NOW.plusSeconds(86_400),
                    List.of(KeyPurposeId.id_kp_serverAuth)), false),
            "client-auth-only", material(issue(CA, NOW.minusSeconds(60), NOW.plusSeconds(86_400),
                    List.of(KeyPurposeId.id_kp_clientAuth)), false),
            "leaf-without-ca", material(issue(CA, NOW.minusSeconds(60), NOW.plusSeconds(86_400), both()), true));

    private static List<KeyPurposeId> both() {
        return List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    }

    private static DevelopmentPki.Issued issue(DevelopmentPki.Issued ca, Instant from, Instant to,
                                               List<KeyPurposeId> ekus) {
        return DevelopmentPki.federationCertificate(ca, "peer", List.of("peer.example.test"), List.of(), from, to, ekus);
    }

    private static List<Object> material(DevelopmentPki.Issued issued, boolean leafOnly) {
        return List.of(issued, leafOnly ? List.of(issued.certificate()) : issued.chain());
    }

    @AfterAll
    static void loops() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ParameterizedTest(name = "{0} listener, {1} certificate -> {2}")
    @CsvSource({
            "v1, none,             tls-refused",
            "v2, none,             tls-refused",
            "v1, valid,            admitted",
            "v2, valid,            admitted",
            "v1, untrusted-ca,     tls-refused",
            "v2, untrusted-ca,     tls-refused",
            "v1, expired,          tls-refused",
            "v2, expired,          tls-refused",
            "v1, server-auth-only, tls-refused",
            "v2, server-auth-only, tls-refused",
            "v1, client-auth-only, authentication-failure",
            "v2, client-auth-only, authentication-failure",
            "v1, leaf-without-ca,  admitted",
            "v2, leaf-without-ca,  admitted",
    })
    @SuppressWarnings("unchecked")
    void eachListenerJudgesThePresentedCertificate(String protocol, String row, String expected) throws Exception {
        DevelopmentPki.Issued peer = "none".equals(row) ? null : (DevelopmentPki.Issued) PEERS.get(row).get(0);
        List<X509Certificate> chain = peer == null ? List.of() : (List<X509Certificate>) PEERS.get(row).get(1);
        List<PeerPolicy> listed = peer == null ? List.of() : List.of(new PeerPolicy(1, "peer",
                CertificateIdentity.fingerprint(peer.certificate()), Set.of("blue"), Set.of("blue"), true, -1));
        Relay relay = new Relay(RoutingTable.of("hub", listed, FederationStrategy.ALLOW_DYNAMIC, Set.of()));
        FederationIdentity hub = new FederationIdentity(HUB.key(), HUB.chain(), List.of(CA.certificate()),
                FederationIdentity.Source.GENERATED);
        String fingerprint = peer == null ? null : CertificateIdentity.fingerprint(peer.certificate());
        if ("v1".equals(protocol)) {
            try (V1Federation v1 = V1Federation.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, hub, TLS, relay,
                    1 << 20, 1024, Duration.ZERO)) {
                assertEquals(expected, v1Outcome(v1, peer, chain, fingerprint));
            }
        } else {
            V2Server v2 = V2Server.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, LOOPS, hub, TLS, relay,
                    1 << 20, 1024, Duration.ofSeconds(15), Duration.ofSeconds(5));
            try {
                assertEquals(expected, v2Outcome(v2.port(), peer, chain));
            } finally {
                v2.close();
            }
        }
    }

    private static KeyManagerFactory keys(DevelopmentPki.Issued peer, List<X509Certificate> chain) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("peer", peer.key(), new char[0], chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        return factory;
    }

    private static TrustManagerFactory trustHubCa() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return factory;
    }

    /** A plain JSSE client, as TAK's v1 federate is one: what it sees, and what the listener reports. */
    private static String v1Outcome(V1Federation v1, DevelopmentPki.Issued peer, List<X509Certificate> chain,
                                    String fingerprint) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(peer == null ? null : keys(peer, chain).getKeyManagers(), trustHubCa().getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", v1.port())) {
            socket.setSoTimeout(300);
            try {
                socket.startHandshake();
                InputStream in = socket.getInputStream();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                boolean closed = false;
                while (System.nanoTime() < deadline) {
                    for (LinkReport link : v1.links()) {
                        if (link.fingerprint() != null && link.fingerprint().equals(fingerprint)) {
                            if (link.failure() != null) {
                                return link.failure();
                            }
                            if (link.federate()) {
                                return "admitted";
                            }
                        }
                    }
                    if (closed) {
                        Thread.sleep(20);
                        continue;
                    }
                    try {
                        // Closed by the listener: its report says why, if it had a reason.
                        closed = in.read() < 0;
                    } catch (SocketTimeoutException stillOpen) {
                        // Nothing to read yet: the link is up or not judged yet.
                    }
                }
                return closed ? "closed without a label: " + v1.links() : "no verdict";
            } catch (SSLException e) {
                return "tls-refused";
            } catch (IOException e) {
                // A TLS 1.3 server's refusal can arrive as a reset once the client already finished.
                return "tls-refused";
            }
        }
    }

    private static String v2Outcome(int port, DevelopmentPki.Issued peer, List<X509Certificate> chain)
            throws Exception {
        SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .trustManager(CA.certificate());
        if (peer != null) {
            builder.keyManager(peer.key(), chain.toArray(X509Certificate[]::new));
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port).sslContext(builder.build()).build();
        try {
            FederatedChannelGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .healthCheck(ClientHealth.newBuilder().setStatus(ClientHealth.ServingStatus.SERVING).build());
            return "admitted";
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            String description = String.valueOf(status.getDescription());
            if (status.getCode() == Status.Code.UNAVAILABLE && !description.contains(":")) {
                return "tls-refused";
            }
            if (status.getCode() == Status.Code.UNAVAILABLE && rootIsSsl(e)) {
                return "tls-refused";
            }
            return description.contains(":") ? description.substring(0, description.indexOf(':')) : description;
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    private static boolean rootIsSsl(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }
}
