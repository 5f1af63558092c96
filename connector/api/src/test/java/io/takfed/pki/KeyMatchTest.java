package io.takfed.pki;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyMatchTest {

    private final DevelopmentPki.Issued ca = DevelopmentPki.certificateAuthority("CA");
    private final DevelopmentPki.Issued a = DevelopmentPki.federationCertificate(ca, "a", List.of("a"), List.of());
    private final DevelopmentPki.Issued b = DevelopmentPki.federationCertificate(ca, "b", List.of("b"), List.of());

    @Test
    void aKeyMatchesItsOwnCertificateOnly() {
        assertTrue(KeyMatch.matches(a.key(), a.certificate()));
        assertFalse(KeyMatch.matches(b.key(), a.certificate()));
        assertFalse(KeyMatch.matches(a.key(), ca.certificate()));
    }

    @Test
    void aKeyOfAnotherTypeNeverMatches() throws Exception {
        var rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertFalse(KeyMatch.matches(rsa.generateKeyPair().getPrivate(), a.certificate()));
    }
}
