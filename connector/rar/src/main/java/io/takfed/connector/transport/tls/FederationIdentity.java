package io.takfed.connector.transport.tls;

import io.takfed.pki.CertificateIdentity;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Who this server is on federation links: its key, the chain it presents ({@code [leaf, CA]}, as TAK expects)
 * and the CA certificates it trusts.
 */
public record FederationIdentity(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted,
                                 Source source) {

    /** The fingerprint of the CA that issued our certificate (the chain's second), or null for a lone leaf. */
    public String caFingerprint() {
        return chain.size() > 1 ? CertificateIdentity.fingerprint(chain.get(1)) : null;
    }

    /** Where the material came from. */
    public enum Source {
        CONFIGURED("configured"), GENERATED("generated");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public FederationIdentity {
        chain = List.copyOf(chain);
        trusted = List.copyOf(trusted);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public String fingerprint() {
        return CertificateIdentity.fingerprint(certificate());
    }

    @Override
    public String toString() {
        return "FederationIdentity[" + certificate().getSubjectX500Principal() + ", " + source.label() + "]";
    }
}
