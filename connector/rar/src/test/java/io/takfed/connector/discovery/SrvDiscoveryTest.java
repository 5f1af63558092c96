package io.takfed.connector.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.connector.api.FederationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SRV discovery against a real DNS server on loopback, with a fake clock for the cache. */
class SrvDiscoveryTest {

    private static final String SERVICE = "_tak-federation-v2._tcp";
    private static final String NAME = SERVICE + ".east.example.test";

    private LoopbackDns dns;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private SrvDiscovery discovery;

    @BeforeEach
    void start() throws Exception {
        dns = new LoopbackDns();
        discovery = new SrvDiscovery(dns.resolver(), Duration.ofSeconds(300), nanos::get, new Random(7));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private void advance(long seconds) {
        nanos.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    private List<SrvTarget> lookup() throws DiscoveryException {
        return discovery.lookup(SERVICE, "east.example.test");
    }

    @Test
    void lowerPriorityFirstAndWeightsShareTheDraws() throws Exception {
        dns.srv(NAME, 600, new LoopbackDns.Target("backup.east.example.test", 9001, 20, 100),
                new LoopbackDns.Target("a.east.example.test", 9001, 10, 60), new LoopbackDns.Target("b.east.example.test", 9001, 10, 40));
        int aFirst = 0;
        for (int i = 0; i < 2000; i++) {
            List<SrvTarget> order = lookup();
            assertEquals(3, order.size());
            assertEquals("backup.east.example.test", order.get(2).host(), "the higher priority value comes last");
            aFirst += order.get(0).host().equals("a.east.example.test") ? 1 : 0;
        }
        assertTrue(aFirst > 1100 && aFirst < 1300, "weight 60 against 40 leads about 60% of the time: " + aFirst);
        assertEquals(1, dns.queries(), "2000 lookups inside the TTL are one query");
    }

    @Test
    void namesAreLowerCasedWithoutTheTrailingDot() throws Exception {
        dns.srv(NAME, 60, new LoopbackDns.Target("FED.East.Example.TEST.", 9002, 0, 0));
        SrvTarget target = lookup().get(0);
        assertEquals("fed.east.example.test", target.host());
        assertEquals(9002, target.port());
        assertEquals(target, discovery.lookup(SERVICE, "EAST.example.test.").get(0), "one cache entry for both");
        assertEquals(1, dns.queries());
    }

    @Test
    void answersLiveForTheirTtlWhenBelowTheCap() throws Exception {
        dns.srv(NAME, 60, new LoopbackDns.Target("fed.east.example.test", 9001, 0, 0));
        lookup();
        advance(59);
        lookup();
        assertEquals(1, dns.queries());
        advance(1);
        lookup();
        assertEquals(2, dns.queries(), "asked again once the TTL ran out");
    }

    @Test
    void longTtlsAreCappedAtFiveMinutes() throws Exception {
        dns.srv(NAME, 86_400, new LoopbackDns.Target("fed.east.example.test", 9001, 0, 0));
        lookup();
        advance(299);
        lookup();
        assertEquals(1, dns.queries());
        advance(1);
        lookup();
        assertEquals(2, dns.queries());
    }

    @Test
    void aZeroTtlIsNeverCached() throws Exception {
        dns.srv(NAME, 0, new LoopbackDns.Target("fed.east.example.test", 9001, 0, 0));
        lookup();
        lookup();
        assertEquals(2, dns.queries());
    }

    @Test
    void aMissingDomainIsInvalidAndCachedForTheSoaMinimum() throws Exception {
        dns.nxdomain(NAME, 3600, 30);
        DiscoveryException e = assertThrows(DiscoveryException.class, this::lookup);
        assertEquals(FederationFailure.INVALID_DOMAIN, e.failure());
        advance(29);
        assertThrows(DiscoveryException.class, this::lookup);
        assertEquals(1, dns.queries(), "the negative answer is cached");
        advance(1);
        dns.srv(NAME, 60, new LoopbackDns.Target("fed.east.example.test", 9001, 0, 0));
        assertEquals(1, lookup().size(), "and forgotten when the SOA minimum passes");
        assertEquals(2, dns.queries());
    }

    @Test
    void negativeCachingIsCappedToo() throws Exception {
        dns.nxdomain(NAME, 86_400, 86_400);
        assertThrows(DiscoveryException.class, this::lookup);
        advance(300);
        assertThrows(DiscoveryException.class, this::lookup);
        assertEquals(2, dns.queries());
    }

    @Test
    void noSoaMeansNoNegativeCaching() {
        // The loopback server answers unknown names with NXDOMAIN and no SOA.
        assertThrows(DiscoveryException.class, this::lookup);
        assertThrows(DiscoveryException.class, this::lookup);
        assertEquals(2, dns.queries());
    }

    @Test
    void aLoneDotTargetSaysTheServiceIsNotOffered() {
        dns.srv(NAME, 60, new LoopbackDns.Target(".", 0, 0, 0));
        DiscoveryException e = assertThrows(DiscoveryException.class, this::lookup);
        assertEquals(FederationFailure.INVALID_DOMAIN, e.failure());
        assertTrue(e.getMessage().contains("not offered"), e.getMessage());
    }

    @Test
    void brokenDnsIsADiscoveryFailureAndIsNeverCached() throws Exception {
        dns.servfail(NAME);
        DiscoveryException e = assertThrows(DiscoveryException.class, this::lookup);
        assertEquals(FederationFailure.DISCOVERY_FAILURE, e.failure());
        assertTrue(e.getMessage().contains("SERVFAIL"), e.getMessage());
        dns.srv(NAME, 60, new LoopbackDns.Target("fed.east.example.test", 9001, 0, 0));
        assertEquals(1, lookup().size(), "the next lookup asks again and succeeds");
        assertEquals(2, dns.queries());
    }

    @Test
    void aSilentServerIsADiscoveryFailure() {
        dns.silent(NAME);
        DiscoveryException e = assertThrows(DiscoveryException.class, this::lookup);
        assertEquals(FederationFailure.DISCOVERY_FAILURE, e.failure());
    }

    @Test
    void aMalformedDomainIsRefusedWithoutAQuery() {
        for (String bad : List.of("", "a..b", ".example.test", "x".repeat(64) + ".test")) {
            DiscoveryException e = assertThrows(DiscoveryException.class, () -> discovery.lookup(SERVICE, bad), bad);
            assertEquals(FederationFailure.INVALID_DOMAIN, e.failure(), bad);
        }
        assertEquals(0, dns.queries());
    }
}
