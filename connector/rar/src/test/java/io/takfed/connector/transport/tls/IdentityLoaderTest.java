package io.takfed.connector.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.connector.transport.ConnectorSettings;
import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import io.takfed.pki.PemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityLoaderTest {

    @TempDir
    Path data;

    private final Map<String, String> env = new HashMap<>();

    private FederationIdentity load() throws Exception {
        env.putIfAbsent("TAKFED_DATA_DIR", data.toString());
        env.putIfAbsent("TAKFED_HOSTNAME", "fed.test");
        return new IdentityLoader(ConnectorSettings.from(env::get)).load();
    }

    @Test
    void firstStartGeneratesADevelopmentPkiOnceWithEncryptedOwnerOnlyKeys() throws Exception {
        FederationIdentity first = load();
        assertEquals(FederationIdentity.Source.GENERATED, first.source());
        assertEquals(2, first.chain().size(), "TAK expects [leaf, CA]");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), first.certificate().getExtendedKeyUsage());
        assertTrue(first.certificate().getSubjectX500Principal().getName().contains("CN=fed.test"));
        assertEquals(first.chain().get(1), first.trusted().get(0));
        for (String file : List.of("ca.key", "server.key")) {
            Path key = data.resolve("pki").resolve(file);
            assertTrue(Files.readString(key).contains("BEGIN ENCRYPTED PRIVATE KEY"), file);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        }
        assertEquals(first.fingerprint(), load().fingerprint(), "a restart keeps the same identity");
    }

    @Test
    void configuredFilesAreUsedAndALeafOnlyFileIsCompletedWithItsCa() throws Exception {
        var ca = DevelopmentPki.certificateAuthority("Site CA");
        var leaf = DevelopmentPki.federationCertificate(ca, "site", List.of("site"), List.of());
        Path cert = Files.writeString(data.resolve("server.crt"), Pem.write(leaf.certificate()));
        Path key = Files.writeString(data.resolve("server.key"), Pem.encryptedPrivateKey(leaf.key(), "pw".toCharArray()));
        Path caFile = Files.writeString(data.resolve("ca.crt"), Pem.write(ca.certificate()));
        env.putAll(Map.of("OTS_FEDERATION_CERT_FILE", cert.toString(), "OTS_FEDERATION_KEY_FILE", key.toString(),
                "OTS_FEDERATION_KEY_PASSWORD", "pw", "OTS_FEDERATION_CA_FILE", caFile.toString()));
        FederationIdentity identity = load();
        assertEquals(FederationIdentity.Source.CONFIGURED, identity.source());
        assertEquals(List.of(leaf.certificate(), ca.certificate()), identity.chain());
        assertFalse(Files.exists(data.resolve("pki")), "no development PKI when one is configured");
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateRefusesTheStart() throws Exception {
        var ca = DevelopmentPki.certificateAuthority("Site CA");
        var a = DevelopmentPki.federationCertificate(ca, "a", List.of("a"), List.of());
        var b = DevelopmentPki.federationCertificate(ca, "b", List.of("b"), List.of());
        env.put("OTS_FEDERATION_CERT_FILE", Files.writeString(data.resolve("a.crt"), Pem.write(a.certificate())).toString());
        env.put("OTS_FEDERATION_KEY_FILE", Files.writeString(data.resolve("b.key"), Pem.pkcs8(b.key())).toString());
        PemException error = assertThrows(PemException.class, this::load);
        assertTrue(error.getMessage().contains("does not hold the private key"));
    }

    @Test
    void aCertificateWithoutItsKeyRefusesTheStart() throws Exception {
        env.put("OTS_FEDERATION_CERT_FILE", data.resolve("x.crt").toString());
        assertThrows(PemException.class, this::load);
    }

    @Test
    void everyPemInTheTruststoreDirectoryIsTrustedAndGarbageIsSkipped() throws Exception {
        Path dir = Files.createDirectory(data.resolve("truststore"));
        var other = DevelopmentPki.certificateAuthority("Other CA");
        Files.writeString(dir.resolve("partner-without-extension"), Pem.write(other.certificate()));
        Files.writeString(dir.resolve("README.txt"), "not a certificate");
        env.put("OTS_FEDERATION_TRUSTSTORE_DIR", dir.toString());
        FederationIdentity identity = load();
        assertTrue(identity.trusted().contains(other.certificate()));
        assertEquals(2, identity.trusted().size());
    }

    @Test
    void tlsBelowOnePointTwoIsRefused() {
        env.put("TAKFED_TLS_PROTOCOLS", "TLSv1.2,TLSv1.1");
        assertThrows(IllegalArgumentException.class, () -> ConnectorSettings.from(env::get));
    }
}
