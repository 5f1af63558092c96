package io.takfed.connector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.takfed.connector.api.DialRequest;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.api.routing.FederationStrategy;
import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.discovery.DiscoverySettings;
import io.takfed.connector.discovery.LoopbackDns;
import io.takfed.connector.routing.Relay;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.v1.V1Federation;
import io.takfed.connector.v2.V2Server;
import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.DevelopmentPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dialling a peer given by domain alone, through the transport a deployment runs: the SRV targets of the domain in
 * priority order, the next one tried when a target refuses the connection, and the two discovery failures reported
 * as the outbound link's label.
 */
class DiscoveredDialTest {

    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private static final FederationTls TLS = new FederationTls(List.of("TLSv1.3", "TLSv1.2"));
    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Peer CA");
    private static final DevelopmentPki.Issued PEER = DevelopmentPki.federationCertificate(CA, "peer",
            List.of("localhost"), List.of(InetAddress.getLoopbackAddress()));
    private static final DevelopmentPki.Issued US = DevelopmentPki.federationCertificate(CA, "us",
            List.of("us.example.test"), List.of());

    private static LoopbackDns dns;
    private static TransportRuntime runtime;
    private static V2Server peerV2;
    private static V1Federation peerV1;
    private static int deadPort;

    @BeforeAll
    static void start(@TempDir Path data) throws Exception {
        dns = new LoopbackDns();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("TAKFED_DATA_DIR", Files.createDirectories(data.resolve("takfed")).toString());
        env.put("OTS_FEDERATION_BIND_ADDRESS", "127.0.0.1");
        env.put("OTS_FEDERATION_V2_PORT", "0");
        env.put("OTS_FEDERATION_V1_PORT", "0");
        env.put("TAKFED_DNS_SERVER", dns.address());
        env.put("TAKFED_DNS_TIMEOUT_MS", "500");
        runtime = TransportRuntime.start(ConnectorSettings.from(env::get));
        // The peer: both protocols, trusting our test CA; it knows us, so our links become federates.
        PeerPolicy us = new PeerPolicy(1, "us", CertificateIdentity.fingerprint(US.certificate()), Set.of("blue"),
                Set.of("blue"), true, -1);
        RoutingTable table = RoutingTable.of("peer", List.of(us), FederationStrategy.ALLOW_DYNAMIC, Set.of());
        FederationIdentity identity = new FederationIdentity(PEER.key(), PEER.chain(), List.of(CA.certificate()),
                FederationIdentity.Source.GENERATED);
        Relay relay = new Relay(table);
        peerV2 = V2Server.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, LOOPS, identity, TLS, relay, 1 << 20,
                1024, Duration.ofSeconds(15), Duration.ofSeconds(5));
        peerV1 = V1Federation.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, identity, TLS, relay, 1 << 20,
                1024, Duration.ZERO);
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.close();
        peerV2.close();
        peerV1.close();
        dns.close();
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static DialRequest byDomain(long peerId, String protocol, String domain) {
        return new DialRequest(peerId, "us", null, 0, true, List.of(CA.certificate()), US.chain(), US.key(), null,
                protocol, domain);
    }

    private static String service(String protocol) {
        return "v1".equals(protocol) ? DiscoverySettings.DEFAULT_V1_SERVICE : DiscoverySettings.DEFAULT_V2_SERVICE;
    }

    private static LinkReport await(long peerId, Predicate<LinkReport> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<LinkReport> last = List.of();
        while (System.nanoTime() < deadline) {
            last = runtime.links();
            for (LinkReport link : last) {
                if (link.peerId() == peerId && LinkReport.OUTBOUND.equals(link.direction()) && condition.test(link)) {
                    return link;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no outbound link of peer " + peerId + " as expected: " + last);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void theFirstPriorityRefusesSoTheNextTargetCarriesTheLink(String protocol) throws Exception {
        long peerId = "v1".equals(protocol) ? 11 : 12;
        String domain = protocol + "-failover.example.test";
        int live = "v1".equals(protocol) ? peerV1.port() : peerV2.port();
        dns.srv(service(protocol) + "." + domain, 60, new LoopbackDns.Target("localhost", live, 20, 0),
                new LoopbackDns.Target("localhost", deadPort, 10, 0));
        runtime.dial(byDomain(peerId, protocol, domain));
        LinkReport link = await(peerId, l -> PeerPolicyState.connected(l));
        assertTrue(link.remoteAddress().endsWith(":" + live), link.remoteAddress());
        assertEquals(CertificateIdentity.fingerprint(PEER.certificate()), link.fingerprint());
        runtime.hangUp(peerId);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void whenEveryTargetRefusesTheLinkSaysSo(String protocol) throws Exception {
        long peerId = "v1".equals(protocol) ? 21 : 22;
        String domain = protocol + "-down.example.test";
        dns.srv(service(protocol) + "." + domain, 60, new LoopbackDns.Target("localhost", deadPort, 10, 0));
        runtime.dial(byDomain(peerId, protocol, domain));
        LinkReport link = await(peerId, l -> l.failure() != null);
        assertEquals("federation-connection-refused", link.failure());
        runtime.hangUp(peerId);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void aDomainWithoutRecordsIsAnInvalidDomain(String protocol) throws Exception {
        long peerId = "v1".equals(protocol) ? 31 : 32;
        String domain = protocol + "-missing.example.test";
        dns.nxdomain(service(protocol) + "." + domain, 60, 30);
        runtime.dial(byDomain(peerId, protocol, domain));
        LinkReport link = await(peerId, l -> l.failure() != null);
        assertEquals("invalid-domain", link.failure());
        runtime.hangUp(peerId);
        assertTrue(runtime.links().stream().noneMatch(l -> l.peerId() == peerId), "hanging up forgets it");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void brokenDnsIsADiscoveryFailure(String protocol) throws Exception {
        long peerId = "v1".equals(protocol) ? 41 : 42;
        String domain = protocol + "-broken.example.test";
        dns.servfail(service(protocol) + "." + domain);
        runtime.dial(byDomain(peerId, protocol, domain));
        assertEquals("discovery-failure", await(peerId, l -> l.failure() != null).failure());
        runtime.hangUp(peerId);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void theTestEndpointProbesTheFirstTargetADialWouldUse(String protocol) {
        String domain = protocol + "-probe.example.test";
        int live = "v1".equals(protocol) ? peerV1.port() : peerV2.port();
        dns.srv(service(protocol) + "." + domain, 60, new LoopbackDns.Target("localhost", live, 10, 0));
        var result = runtime.probe(new io.takfed.connector.api.ProbeRequest(null, 0, true, true,
                List.of(CA.certificate()), US.chain(), US.key(), Duration.ofSeconds(3), null, domain, protocol));
        assertTrue(result.succeeded(), String.valueOf(result));
        assertEquals(io.takfed.connector.api.ProbeStage.PROTOCOL, result.lastStagePassed(), result.detail());
        assertEquals(CertificateIdentity.fingerprint(PEER.certificate()), result.peerFingerprint());
        var ours = runtime.probe(new io.takfed.connector.api.ProbeRequest(null, 0, true, true,
                List.of(CA.certificate()), US.chain(), US.key(), Duration.ofSeconds(3), null, domain, protocol,
                new io.takfed.connector.api.ProbeRequest.Refusal(io.takfed.connector.api.FederationFailure.NO_GROUPS,
                        "no groups"), false));
        assertEquals(io.takfed.connector.api.FederationFailure.NO_GROUPS, ours.failure(), "our policy is checked");
        assertEquals(io.takfed.connector.api.ProbeStage.IDENTITY, ours.lastStagePassed(), "after identity");
        var missing = runtime.probe(new io.takfed.connector.api.ProbeRequest(null, 0, true, true,
                List.of(CA.certificate()), US.chain(), US.key(), Duration.ofSeconds(3), null,
                protocol + "-nowhere.example.test", protocol));
        assertEquals(io.takfed.connector.api.FederationFailure.INVALID_DOMAIN, missing.failure());
        assertTrue(missing.detail().contains("publish an SRV record"), missing.detail());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void aPeerThatRefusesUsFailsTheProtocolStage(String protocol) throws Exception {
        FederationIdentity identity = new FederationIdentity(PEER.key(), PEER.chain(), List.of(CA.certificate()),
                FederationIdentity.Source.GENERATED);
        Relay refusing = new Relay(RoutingTable.of("peer", List.of(), FederationStrategy.ALLOW_DYNAMIC,
                Set.of(CertificateIdentity.fingerprint(US.certificate()))));
        AutoCloseable server;
        int port;
        if ("v1".equals(protocol)) {
            V1Federation v1 = V1Federation.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, identity, TLS,
                    refusing, 1 << 20, 1024, Duration.ZERO);
            server = v1;
            port = v1.port();
        } else {
            V2Server v2 = V2Server.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, LOOPS, identity, TLS, refusing,
                    1 << 20, 1024, Duration.ofSeconds(15), Duration.ofSeconds(5));
            server = v2::close;
            port = v2.port();
        }
        try {
            var result = runtime.probe(new io.takfed.connector.api.ProbeRequest("localhost", port, true, true,
                    List.of(CA.certificate()), US.chain(), US.key(), Duration.ofSeconds(3), null, null, protocol));
            assertEquals(io.takfed.connector.api.FederationFailure.FEDERATION_DENIED, result.failure(), result.detail());
            assertEquals(io.takfed.connector.api.ProbeStage.AUTHORIZATION, result.lastStagePassed());
        } finally {
            server.close();
        }
    }

    /** What "connected" means for an outbound link report. */
    private static final class PeerPolicyState {
        static boolean connected(LinkReport link) {
            return "connected".equals(link.state()) && link.federate();
        }
    }
}
