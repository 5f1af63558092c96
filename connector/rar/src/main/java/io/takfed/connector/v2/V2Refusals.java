package io.takfed.connector.v2;

import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.LinkReport;
import io.takfed.pki.CertificateIdentity;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last refusal of each certificate the v2 listener turned away, until a session of that certificate opens:
 * what lets the peer's {@code last_error} say why its link carries nothing.
 */
final class V2Refusals {

    private final Map<String, LinkReport> last = new ConcurrentHashMap<>();

    void record(List<X509Certificate> chain, SocketAddress remote, FederationFailure failure, String detail) {
        X509Certificate leaf = chain.get(0);
        String fingerprint = CertificateIdentity.fingerprint(leaf);
        last.put(fingerprint, new LinkReport(fingerprint, LinkReport.Presented.of(leaf, null), "v2",
                String.valueOf(remote), Instant.now(), false, 0, 0, 0, null, LinkReport.INBOUND, 0, "failed",
                failure.label(), detail, Map.of()));
    }

    void admitted(String fingerprint) {
        last.remove(fingerprint);
    }

    List<LinkReport> reports(Set<String> live) {
        return last.values().stream().filter(report -> !live.contains(report.fingerprint())).toList();
    }
}
