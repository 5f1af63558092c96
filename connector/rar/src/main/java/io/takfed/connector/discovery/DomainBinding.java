package io.takfed.connector.discovery;

import io.takfed.connector.api.FederationFailure;
import io.takfed.pki.HostnameMatch;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Binds an inbound peer that has a domain to that domain: its certificate must name one of the domain's SRV targets
 * for the protocol it connected with. A cached answer decides at once; otherwise the lookup runs on the discovery
 * executor, never on an event loop. The DNS answer decides the label: no record is {@code invalid-domain}, a DNS
 * failure {@code discovery-failure}, a certificate naming no target {@code authentication-failure}.
 */
public final class DomainBinding {

    /** Why an inbound link may not proceed. */
    public record Refusal(FederationFailure failure, String detail) {
    }

    private final SrvDiscovery discovery;
    private final DiscoverySettings settings;
    private final Executor executor;

    public DomainBinding(SrvDiscovery discovery, DiscoverySettings settings, Executor executor) {
        this.discovery = discovery;
        this.settings = settings;
        this.executor = executor;
    }

    /** A binding that refuses every peer with a domain: for transports started without discovery (tests). */
    public static DomainBinding unavailable() {
        return new DomainBinding(null, null, Runnable::run);
    }

    public CompletableFuture<Optional<Refusal>> check(X509Certificate leaf, String domain, String protocol) {
        if (discovery == null) {
            return CompletableFuture.completedFuture(Optional.of(new Refusal(FederationFailure.DISCOVERY_FAILURE,
                    "this transport has no DNS discovery, so the domain " + domain + " cannot be checked")));
        }
        String service = settings.service(protocol);
        try {
            Optional<List<SrvTarget>> cached = discovery.cached(service, domain);
            if (cached.isPresent()) {
                return CompletableFuture.completedFuture(verdict(leaf, domain, cached.get()));
            }
        } catch (DiscoveryException e) {
            return CompletableFuture.completedFuture(Optional.of(new Refusal(e.failure(), e.getMessage())));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return verdict(leaf, domain, discovery.lookup(service, domain));
            } catch (DiscoveryException e) {
                return Optional.of(new Refusal(e.failure(), e.getMessage()));
            }
        }, executor);
    }

    private Optional<Refusal> verdict(X509Certificate leaf, String domain, List<SrvTarget> targets) {
        boolean fallback = settings.cnFallback();
        if (targets.stream().anyMatch(target -> HostnameMatch.matches(leaf, target.host(), fallback))) {
            return Optional.empty();
        }
        List<String> names = HostnameMatch.names(leaf, fallback);
        return Optional.of(new Refusal(FederationFailure.AUTHENTICATION_FAILURE, "none of the names in the "
                + "certificate " + (names.isEmpty() ? "(it has no DNS name" + (fallback ? ")" : "; the CN is not used "
                + "unless TAKFED_FEDERATION_CN_FALLBACK=true)") : names) + " match an SRV target of " + domain + " "
                + targets.stream().map(SrvTarget::host).toList()));
    }
}
