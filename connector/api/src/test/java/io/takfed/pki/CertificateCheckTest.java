package io.takfed.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per way a federation certificate can be wrong, and the label and severity an operator sees for it. */
class CertificateCheckTest {

    private static final Instant NOW = Instant.now();
    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Check CA");
    private static final List<KeyPurposeId> BOTH = List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);

    private static List<X509Certificate> issued(Instant notBefore, Instant notAfter, List<KeyPurposeId> usages) {
        return DevelopmentPki.federationCertificate(CA, "site", List.of("site"), List.of(), notBefore, notAfter, usages)
                .chain();
    }

    static Stream<Arguments> rows() throws Exception {
        Instant yearAgo = NOW.minus(Duration.ofDays(365));
        Instant inAYear = NOW.plus(Duration.ofDays(365));
        List<X509Certificate> good = issued(yearAgo, inAYear, BOTH);
        return Stream.of(
                Arguments.of("a good [leaf, CA] chain", good, null, null),
                Arguments.of("expired", issued(yearAgo, NOW.minus(Duration.ofDays(1)), BOTH),
                        "certificate-expired", CertificateCheck.Severity.ERROR),
                Arguments.of("not yet valid", issued(NOW.plus(Duration.ofDays(1)), inAYear, BOTH),
                        "certificate-not-yet-valid", CertificateCheck.Severity.ERROR),
                Arguments.of("expires in 10 days", issued(yearAgo, NOW.plus(Duration.ofDays(10)), BOTH),
                        "certificate-expires-soon", CertificateCheck.Severity.WARNING),
                Arguments.of("serverAuth only", issued(yearAgo, inAYear, List.of(KeyPurposeId.id_kp_serverAuth)),
                        "eku-missing", CertificateCheck.Severity.ERROR),
                Arguments.of("clientAuth only", issued(yearAgo, inAYear, List.of(KeyPurposeId.id_kp_clientAuth)),
                        "eku-missing", CertificateCheck.Severity.ERROR),
                Arguments.of("the leaf alone", List.of(good.get(0)), "chain-missing-ca",
                        CertificateCheck.Severity.WARNING),
                Arguments.of("a 1024-bit RSA key", List.of(rsa(1024)), "weak-key", CertificateCheck.Severity.ERROR),
                Arguments.of("nothing presented", List.of(), "no-certificate", CertificateCheck.Severity.ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachProblemHasItsLabelAndSeverity(String row, List<X509Certificate> chain, String label,
                                           CertificateCheck.Severity severity) {
        List<CertificateCheck.Finding> findings = CertificateCheck.federation(chain, NOW).stream()
                .filter(f -> !f.label().equals("chain-missing-ca") || "chain-missing-ca".equals(label)).toList();
        if (label == null) {
            assertTrue(findings.isEmpty(), findings.toString());
            return;
        }
        assertEquals(label, findings.get(0).label(), findings.toString());
        assertEquals(severity, findings.get(0).severity());
        assertFalse(findings.get(0).explanation().isBlank());
        assertEquals(severity == CertificateCheck.Severity.ERROR, CertificateCheck.hasErrors(findings));
    }

    /** A self-signed RSA certificate of the given size, with no extended key usage (all usages allowed). */
    private static X509Certificate rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=weak");
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(NOW.minus(Duration.ofDays(1))), Date.from(NOW.plus(Duration.ofDays(100))), name,
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }
}
