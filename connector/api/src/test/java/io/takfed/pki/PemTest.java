package io.takfed.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PemTest {

    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Test CA");
    private static final DevelopmentPki.Issued LEAF =
            DevelopmentPki.federationCertificate(CA, "node-a", List.of("node-a.example"), List.of());

    @Test
    void readsAChainInOrder() throws Exception {
        var chain = Pem.certificates(Pem.write(LEAF.chain().toArray()));
        assertEquals(2, chain.size());
        assertEquals(LEAF.certificate(), chain.get(0));
        assertEquals(CA.certificate(), chain.get(1));
    }

    @Test
    void readsPkcs8AndEncryptedEcKeys() throws Exception {
        PrivateKey key = LEAF.key();
        String pkcs8 = Pem.write(new JcaPKCS8Generator(key, null).generate());
        assertTrue(pkcs8.contains("BEGIN PRIVATE KEY"));
        String encrypted = Pem.encryptedPrivateKey(key, "s3cret".toCharArray());
        assertTrue(encrypted.contains("BEGIN ENCRYPTED PRIVATE KEY"));

        assertTrue(KeyMatch.matches(Pem.privateKey(pkcs8, null), LEAF.certificate()));
        assertTrue(KeyMatch.matches(Pem.privateKey(encrypted, "s3cret".toCharArray()), LEAF.certificate()));
    }

    /** Key files as operators have them: written by openssl, SEC1 for EC and PKCS#1 for RSA. */
    @ParameterizedTest
    @ValueSource(strings = {"sec1-ec", "pkcs1-rsa"})
    void readsOpensslKeysAndMatchesThemToTheirCertificates(String name) throws Exception {
        String key = resource(name + ".key");
        var certificate = Pem.certificates(resource(name + ".crt")).get(0);
        assertTrue(KeyMatch.matches(Pem.privateKey(key, null), certificate));
        assertFalse(KeyMatch.matches(Pem.privateKey(key, null), LEAF.certificate()));
    }

    private static String resource(String name) throws Exception {
        try (var in = PemTest.class.getResourceAsStream("/pem/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    @Test
    void readsPkcs1RsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String pkcs1 = Pem.write(pair.getPrivate());
        assertTrue(pkcs1.contains("BEGIN RSA PRIVATE KEY"));
        assertEquals("RSA", Pem.privateKey(pkcs1, null).getAlgorithm());
    }

    @Test
    void anEncryptedKeyNeedsTheRightPassword() {
        String encrypted = Pem.encryptedPrivateKey(LEAF.key(), "right".toCharArray());
        assertThrows(PemException.class, () -> Pem.privateKey(encrypted, null));
        assertThrows(PemException.class, () -> Pem.privateKey(encrypted, "wrong".toCharArray()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not pem at all",
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"})
    void rejectsWhatIsNotACertificate(String text) {
        assertThrows(PemException.class, () -> Pem.certificates(text));
    }

    @Test
    void aKeyIsNotACertificateAndTheErrorNeverQuotesIt() {
        String keyPem = Pem.write(LEAF.key());
        PemException error = assertThrows(PemException.class, () -> Pem.certificates(keyPem));
        String body = keyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertFalse(error.getMessage().contains(body.substring(0, 16)));
    }

    @Test
    void aCertificateIsNotAKey() {
        assertThrows(PemException.class, () -> Pem.privateKey(Pem.write(LEAF.certificate()), null));
    }

    @Test
    void aCorruptKeyFailsWithoutEchoingIt() {
        String corrupt = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";
        PemException error = assertThrows(PemException.class, () -> Pem.privateKey(corrupt, null));
        assertFalse(error.getMessage().contains("MIGHAgEA"));
    }
}
