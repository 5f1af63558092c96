package io.takfed.connector.discovery;

import io.takfed.connector.api.FederationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds a domain's federation servers from its SRV records ({@code <service>.<domain>}), one cache shared by dialling
 * and inbound name checks. Answers are cached for min(TTL, cap); "no such record" for the SOA minimum of the answer's
 * authority section, also capped, and not at all without an SOA; DNS failures (timeouts, SERVFAIL) are never cached,
 * so a broken resolver is retried at once when it recovers. Every call reorders the cached targets by RFC 2782.
 */
public final class SrvDiscovery {

    private final Resolver resolver;
    private final Duration cap;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;
    private final Map<Name, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong queries = new AtomicLong();

    /** A cached answer: the targets, or the refusal DNS gave, until {@code expiresNanos}. */
    private record Cached(List<SrvTarget> targets, String refusal, long expiresNanos) {
    }

    public SrvDiscovery(Resolver resolver, Duration cap, LongSupplier nanoClock, RandomGenerator random) {
        this.resolver = resolver;
        this.cap = cap;
        this.nanoClock = nanoClock;
        this.random = random;
    }

    /** The targets for {@code service} (such as {@code _tak-federation-v2._tcp}) of {@code domain}, in dialling order. */
    public List<SrvTarget> lookup(String service, String domain) throws DiscoveryException {
        Name name = name(service, domain);
        Cached cached = fresh(name);
        return answer(cached == null ? query(name, nanoClock.getAsLong()) : cached);
    }

    /** What the cache holds for the name without asking DNS: empty when a lookup would have to query. */
    public java.util.Optional<List<SrvTarget>> cached(String service, String domain) throws DiscoveryException {
        Cached cached = fresh(name(service, domain));
        return cached == null ? java.util.Optional.empty() : java.util.Optional.of(answer(cached));
    }

    private Cached fresh(Name name) {
        Cached cached = cache.get(name);
        if (cached != null && nanoClock.getAsLong() - cached.expiresNanos() >= 0) {
            cache.remove(name, cached);
            return null;
        }
        return cached;
    }

    private List<SrvTarget> answer(Cached cached) throws DiscoveryException {
        if (cached.refusal() != null) {
            throw new DiscoveryException(FederationFailure.INVALID_DOMAIN, cached.refusal());
        }
        return SrvOrder.order(cached.targets(), random);
    }

    /** DNS queries sent so far: what proves that a denied peer cost none. */
    public long queries() {
        return queries.get();
    }

    static Name name(String service, String domain) throws DiscoveryException {
        String d = io.takfed.pki.HostnameMatch.normalize(domain);
        if (d.isEmpty() || d.startsWith(".") || d.contains("..")) {
            throw new DiscoveryException(FederationFailure.INVALID_DOMAIN, "'" + domain + "' is not a domain name");
        }
        try {
            return Name.fromString(service.toLowerCase(Locale.ROOT) + "." + d + ".");
        } catch (TextParseException e) {
            throw new DiscoveryException(FederationFailure.INVALID_DOMAIN,
                    "'" + domain + "' is not a domain name: " + e.getMessage());
        }
    }

    private Cached query(Name name, long now) throws DiscoveryException {
        Message response;
        try {
            queries.incrementAndGet();
            response = resolver.send(Message.newQuery(Record.newRecord(name, Type.SRV, DClass.IN)));
        } catch (IOException e) {
            throw new DiscoveryException(FederationFailure.DISCOVERY_FAILURE,
                    "DNS lookup of " + name + " failed: " + e.getMessage());
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DiscoveryException(FederationFailure.DISCOVERY_FAILURE,
                    "DNS answered " + Rcode.string(rcode) + " for " + name);
        }
        List<SRVRecord> records = response.getSection(Section.ANSWER).stream()
                .filter(SRVRecord.class::isInstance).map(SRVRecord.class::cast).toList();
        if (records.isEmpty()) {
            String why = rcode == Rcode.NXDOMAIN ? "no such domain: " + name : "no SRV record at " + name;
            return remember(name, new Cached(null, why, 0), negativeTtl(response), now);
        }
        if (records.size() == 1 && records.get(0).getTarget().equals(Name.root)) {
            // RFC 2782: a lone "." target says the service is decidedly not available at this domain.
            return remember(name, new Cached(null, "the SRV record at " + name + " says the service is not offered",
                    0), records.get(0).getTTL(), now);
        }
        List<SrvTarget> targets = records.stream().map(r -> new SrvTarget(r.getTarget().toString(true), r.getPort(),
                r.getPriority(), r.getWeight())).toList();
        long ttl = records.stream().mapToLong(Record::getTTL).min().orElse(0);
        return remember(name, new Cached(targets, null, 0), ttl, now);
    }

    /** RFC 2308: a negative answer lives for the smaller of the SOA's TTL and its minimum; -1 without an SOA. */
    private static long negativeTtl(Message response) {
        return response.getSection(Section.AUTHORITY).stream().filter(SOARecord.class::isInstance)
                .map(SOARecord.class::cast).mapToLong(soa -> Math.min(soa.getTTL(), soa.getMinimum()))
                .findFirst().orElse(-1);
    }

    private Cached remember(Name name, Cached answer, long ttlSeconds, long now) {
        long seconds = Math.min(ttlSeconds, cap.toSeconds());
        if (seconds > 0) {
            Cached kept = new Cached(answer.targets(), answer.refusal(), now + Duration.ofSeconds(seconds).toNanos());
            cache.put(name, kept);
            return kept;
        }
        return answer;
    }
}
