package io.takfed.connector.transport.tls;

import io.takfed.pki.CertificateCheck;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The certificate checks every connect makes on the chain the other side presented, after TLS verified it:
 * an error refuses the link as {@code authentication-failure} with the explanation; warnings (expiring soon,
 * chain without its CA) are logged so operators see them before they become outages.
 */
public final class PresentedChain {

    private static final Logger LOG = Logger.getLogger(PresentedChain.class.getName());

    private PresentedChain() {
    }

    /** Why the chain cannot be accepted, or empty when it can; {@code link} names the link in the log. */
    public static Optional<String> refusal(List<X509Certificate> chain, String link) {
        List<CertificateCheck.Finding> findings = CertificateCheck.federation(chain, Instant.now());
        for (CertificateCheck.Finding finding : findings) {
            if (finding.severity() == CertificateCheck.Severity.WARNING) {
                LOG.log(Level.WARNING, "TAKFED-C001 {0} on {1}: {2}", new Object[] {finding.label(), link,
                        finding.explanation()});
            }
        }
        return findings.stream().filter(f -> f.severity() == CertificateCheck.Severity.ERROR).findFirst()
                .map(f -> f.label() + ": " + f.explanation());
    }
}
