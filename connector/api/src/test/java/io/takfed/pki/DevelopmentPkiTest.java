package io.takfed.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DevelopmentPkiTest {

    @Test
    void federationCertificatesCarryWhatTakRequires() throws Exception {
        var ca = DevelopmentPki.certificateAuthority("takfed development CA");
        var leaf = DevelopmentPki.federationCertificate(ca, "fed.example", List.of("fed.example", "localhost"),
                List.of(InetAddress.getLoopbackAddress()));
        var certificate = leaf.certificate();

        assertEquals("fed.example", CertificateIdentity.commonName(certificate.getSubjectX500Principal().getName()));
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage());
        var sans = certificate.getSubjectAlternativeNames().stream().map(san -> san.get(1).toString()).toList();
        assertEquals(List.of("fed.example", "localhost", "127.0.0.1"), sans);
        assertEquals(-1, certificate.getBasicConstraints());
        assertEquals(0, ca.certificate().getBasicConstraints());
        assertEquals(List.of(certificate, ca.certificate()), leaf.chain());

        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate));
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    @Test
    void fingerprintsAreUppercaseColonSeparatedSha256() {
        var ca = DevelopmentPki.certificateAuthority("CA");
        String fingerprint = CertificateIdentity.fingerprint(ca.certificate());
        assertTrue(Pattern.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}", fingerprint), fingerprint);
    }

    @Test
    void displayNameIsSubjectCnColonIssuerCn() {
        var ca = DevelopmentPki.certificateAuthority("Root One");
        var leaf = DevelopmentPki.federationCertificate(ca, "server-a", List.of(), List.of());
        assertEquals("server-a:Root One", CertificateIdentity.displayName(leaf.certificate()));
    }
}
