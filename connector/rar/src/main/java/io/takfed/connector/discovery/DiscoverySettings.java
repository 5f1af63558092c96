package io.takfed.connector.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * How discovery runs: which DNS server ({@code TAKFED_DNS_SERVER} as host or host:port; the system's first
 * resolver when unset), its timeout, the cache cap, the SRV service names per protocol, and whether a certificate
 * without DNS names may be matched by its CN ({@code TAKFED_FEDERATION_CN_FALLBACK}, off).
 */
public record DiscoverySettings(Optional<String> dnsServer, Duration timeout, Duration cacheCap, String v1Service,
                                String v2Service, boolean cnFallback) {

    public static final String DEFAULT_V1_SERVICE = "_tak-federation-v1._tcp";
    public static final String DEFAULT_V2_SERVICE = "_tak-federation-v2._tcp";

    public String service(String protocol) {
        return "v1".equals(protocol) ? v1Service : v2Service;
    }

    public Resolver resolver() throws IOException {
        SimpleResolver resolver;
        if (dnsServer.isEmpty()) {
            resolver = new SimpleResolver();
        } else {
            String server = dnsServer.get();
            int colon = server.lastIndexOf(':');
            boolean hasPort = colon > 0 && server.indexOf(':') == colon;
            String host = hasPort ? server.substring(0, colon) : server;
            int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
            resolver = new SimpleResolver(new InetSocketAddress(host, port));
        }
        resolver.setTimeout(timeout);
        return resolver;
    }

    public SrvDiscovery discovery() throws IOException {
        return new SrvDiscovery(resolver(), cacheCap, System::nanoTime, new java.security.SecureRandom());
    }
}
