package io.takfed.connector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.api.routing.FederationStrategy;
import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.discovery.DiscoverySettings;
import io.takfed.connector.discovery.DomainBinding;
import io.takfed.connector.discovery.LoopbackDns;
import io.takfed.connector.discovery.SrvDiscovery;
import io.takfed.connector.discovery.SrvTarget;
import io.takfed.connector.routing.Relay;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.v1.TakLikeV1Peer;
import io.takfed.connector.v1.V1Federation;
import io.takfed.connector.v2.TakLikeClient;
import io.takfed.connector.v2.V2Server;
import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.DevelopmentPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An inbound peer with a domain, on both listeners over real mutual TLS, against a real DNS server on loopback:
 * the certificate must name one of the domain's SRV targets; the DNS answer decides the label; and the federation
 * strategy is decided before any DNS query, which the server counts.
 */
class DomainBindingTest {

    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private static final ExecutorService LOOKUPS = Executors.newFixedThreadPool(2);
    private static final FederationTls TLS = new FederationTls(List.of("TLSv1.3", "TLSv1.2"));
    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Federation CA");
    private static final DevelopmentPki.Issued HUB = DevelopmentPki.federationCertificate(CA, "hub",
            List.of("localhost"), List.of(InetAddress.getLoopbackAddress()));
    private static final AtomicInteger ROW = new AtomicInteger();
    private static LoopbackDns dns;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startDns() throws Exception {
        dns = new LoopbackDns();
    }

    @AfterAll
    static void stopAll() {
        dns.close();
        LOOKUPS.shutdownNow();
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /**
     * Each row: the protocol, the names in the peer's certificate ({@code cn=} for a CN-only one), what DNS holds for
     * its domain, the CN fallback setting, and the outcome.
     */
    @ParameterizedTest(name = "{0}: certificate {1}, DNS {2}, CN fallback {3} -> {4}")
    @CsvSource({
            "v1, fed.east.example.test,   srv fed.east.example.test,   false, admitted",
            "v2, fed.east.example.test,   srv fed.east.example.test,   false, admitted",
            "v1, FED.East.example.test,   srv fed.east.example.test.,  false, admitted",
            "v2, fed2.east.example.test,  srv fed1.east.example.test fed2.east.example.test, false, admitted",
            "v1, other.example.test,      srv fed.east.example.test,   false, authentication-failure",
            "v2, other.example.test,      srv fed.east.example.test,   false, authentication-failure",
            "v1, *.east.example.test,     srv fed.east.example.test,   false, admitted",
            "v2, *.example.test,          srv fed.east.example.test,   false, authentication-failure",
            "v1, cn=fed.east.example.test, srv fed.east.example.test,  false, authentication-failure",
            "v2, cn=fed.east.example.test, srv fed.east.example.test,  true,  admitted",
            "v1, fed.east.example.test,   nxdomain,                    false, invalid-domain",
            "v2, fed.east.example.test,   nxdomain,                    false, invalid-domain",
            "v1, fed.east.example.test,   servfail,                    false, discovery-failure",
            "v2, fed.east.example.test,   servfail,                    false, discovery-failure",
    })
    void theCertificateMustNameAnSrvTargetOfTheDomain(String protocol, String names, String answer,
                                                     boolean cnFallback, String expected) throws Exception {
        String domain = "row" + ROW.incrementAndGet() + ".example.test";
        String service = "v1".equals(protocol) ? DiscoverySettings.DEFAULT_V1_SERVICE
                : DiscoverySettings.DEFAULT_V2_SERVICE;
        zone(service + "." + domain, answer);
        DevelopmentPki.Issued peer = names.startsWith("cn=")
                ? DevelopmentPki.federationCertificate(CA, names.substring(3), List.of(), List.of())
                : DevelopmentPki.federationCertificate(CA, "peer", List.of(names.split(" ")), List.of());
        RoutingTable table = RoutingTable.of("hub", List.of(policy(peer, domain)), FederationStrategy.ALLOW_DYNAMIC,
                Set.of());
        assertEquals(expected, outcome(protocol, peer, relay(table, cnFallback)));
    }

    /** Strategy × listed or not: only a listed peer under a strategy that admits it costs a DNS query. */
    @ParameterizedTest(name = "{0} {1}, {2} -> {3}, {4} DNS queries")
    @CsvSource({
            "v1, allowNone,    listed,   federation-denied, 0",
            "v2, allowNone,    listed,   federation-denied, 0",
            "v1, allowNone,    unlisted, federation-denied, 0",
            "v2, allowNone,    unlisted, federation-denied, 0",
            "v1, allowDynamic, listed,   admitted,          1",
            "v2, allowDynamic, listed,   admitted,          1",
            "v1, allowDynamic, unlisted, admitted,          0",
            "v2, allowDynamic, unlisted, admitted,          0",
            "v1, allowAll,     listed,   admitted,          1",
            "v2, allowAll,     unlisted, admitted,          0",
            "v1, allowDynamic, rejected, federation-denied, 0",
            "v2, allowDynamic, rejected, federation-denied, 0",
    })
    void theStrategyIsDecidedBeforeAnyDnsQuery(String protocol, String strategy, String listing, String expected,
                                               long queries) throws Exception {
        String domain = "row" + ROW.incrementAndGet() + ".example.test";
        String service = "v1".equals(protocol) ? DiscoverySettings.DEFAULT_V1_SERVICE
                : DiscoverySettings.DEFAULT_V2_SERVICE;
        zone(service + "." + domain, "srv fed.east.example.test");
        DevelopmentPki.Issued peer = DevelopmentPki.federationCertificate(CA, "peer",
                List.of("fed.east.example.test"), List.of());
        List<PeerPolicy> listed = "listed".equals(listing) ? List.of(policy(peer, domain)) : List.of();
        Set<String> rejected = "rejected".equals(listing)
                ? Set.of(CertificateIdentity.fingerprint(peer.certificate())) : Set.of();
        RoutingTable table = RoutingTable.of("hub", listed, FederationStrategy.parse(strategy), rejected);
        long before = dns.queries(service + "." + domain);
        assertEquals(expected, outcome(protocol, peer, relay(table, false)));
        assertEquals(queries, dns.queries(service + "." + domain) - before);
    }

    private static void zone(String name, String answer) {
        String[] words = answer.trim().split("\\s+");
        switch (words[0]) {
            case "srv" -> {
                List<LoopbackDns.Target> targets = new ArrayList<>();
                for (int i = 1; i < words.length; i++) {
                    targets.add(new LoopbackDns.Target(words[i], 9001, 10, 10));
                }
                dns.srv(name, 60, targets.toArray(LoopbackDns.Target[]::new));
            }
            case "nxdomain" -> dns.nxdomain(name, 60, 60);
            case "servfail" -> dns.servfail(name);
            default -> throw new IllegalArgumentException(answer);
        }
    }

    private static PeerPolicy policy(DevelopmentPki.Issued peer, String domain) {
        return new PeerPolicy(1, "east", CertificateIdentity.fingerprint(peer.certificate()), Set.of("blue"),
                Set.of("blue"), true, -1, domain);
    }

    private static Relay relay(RoutingTable table, boolean cnFallback) throws Exception {
        DiscoverySettings settings = new DiscoverySettings(Optional.of(dns.address()), Duration.ofMillis(500),
                Duration.ofSeconds(300), DiscoverySettings.DEFAULT_V1_SERVICE, DiscoverySettings.DEFAULT_V2_SERVICE,
                cnFallback);
        SrvDiscovery discovery = new SrvDiscovery(dns.resolver(), Duration.ofSeconds(300), System::nanoTime,
                new Random(1));
        return new Relay(table, true, new DomainBinding(discovery, settings, LOOKUPS));
    }

    private static FederationIdentity hub() {
        return new FederationIdentity(HUB.key(), HUB.chain(), List.of(CA.certificate()),
                FederationIdentity.Source.GENERATED);
    }

    /** "admitted" once the listener holds an established link for the peer, else the label it refused it with. */
    private String outcome(String protocol, DevelopmentPki.Issued peer, Relay relay) throws Exception {
        String fingerprint = CertificateIdentity.fingerprint(peer.certificate());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        if ("v1".equals(protocol)) {
            V1Federation hub = V1Federation.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, hub(), TLS, relay,
                    1 << 20, 1024, Duration.ZERO);
            open.add(hub);
            TakLikeV1Peer client = new TakLikeV1Peer(peer, CA.certificate());
            open.add(client);
            client.dial(hub.port());
            while (System.nanoTime() < deadline) {
                for (LinkReport link : hub.links()) {
                    if (fingerprint.equals(link.fingerprint()) && link.failure() != null) {
                        return link.failure();
                    }
                    if (fingerprint.equals(link.fingerprint()) && link.federate()) {
                        return "admitted";
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no verdict for the v1 link: " + hub.links());
        }
        V2Server hub = V2Server.start(new InetSocketAddress("127.0.0.1", 0), LOOPS, LOOPS, hub(), TLS, relay,
                1 << 20, 1024, Duration.ofSeconds(15), Duration.ofSeconds(5));
        open.add(hub::close);
        TakLikeClient client = new TakLikeClient(hub.port(), peer, CA.certificate(), "east");
        open.add(client);
        client.openEventStream();
        while (System.nanoTime() < deadline) {
            if (hub.links().stream().anyMatch(link -> fingerprint.equals(link.fingerprint()) && link.failure() == null)) {
                return "admitted";
            }
            var end = client.eventStreamEnd.get();
            if (end != null) {
                String description = String.valueOf(end.getDescription());
                String label = description.contains(":") ? description.substring(0, description.indexOf(':'))
                        : description;
                // The listener remembers why, so the peer's last_error can say it.
                assertEquals(List.of(label), hub.links().stream().filter(l -> fingerprint.equals(l.fingerprint()))
                        .map(LinkReport::failure).toList());
                return label;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no verdict for the v2 session");
    }
}
