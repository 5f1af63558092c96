package io.takfed.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerValidatorTest {

    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("CA");
    private static final DevelopmentPki.Issued A = DevelopmentPki.federationCertificate(CA, "a", List.of("a"), List.of());
    private static final DevelopmentPki.Issued B = DevelopmentPki.federationCertificate(CA, "b", List.of("b"), List.of());

    private static PeerDraft valid() {
        PeerDraft draft = new PeerDraft();
        draft.name = "Site B";
        draft.address = "tak.example.org";
        draft.port = 9001;
        return draft;
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("name", "required", d -> d.name = null),
                bad("name", "required", d -> d.name = ""),
                bad("name", "too-long", d -> d.name = "n".repeat(256)),
                bad("name", "invalid-value", d -> d.name = "bad\u0007name"),
                bad("description", "too-long", d -> d.description = "d".repeat(2001)),
                bad("address", "required", d -> d.address = null),
                bad("address", "invalid-address", d -> d.address = "not a host"),
                bad("address", "invalid-address", d -> d.address = "999.1.1.1"),
                bad("address", "invalid-address", d -> d.address = "-leading.example"),
                bad("address", "invalid-address", d -> d.address = "fe80::zz"),
                bad("port", "required", d -> d.port = null),
                bad("domain", "invalid-domain", d -> d.domain = "localhost"),
                bad("domain", "invalid-domain", d -> d.domain = "10.0.0.1"),
                bad("domain", "invalid-domain", d -> d.domain = "a..example.org"),
                bad("domain", "invalid-domain", d -> d.domain = "under_score.example.org"),
                bad("port", "out-of-range", d -> d.port = 0),
                bad("port", "out-of-range", d -> d.port = 65536),
                bad("connection_type", "invalid-value", d -> d.connectionType = "sideways"),
                bad("protocol_version", "invalid-value", d -> d.protocolVersion = "v3"),
                bad("transport_protocol", "invalid-value", d -> d.transportProtocol = "TCP"),
                bad("ca_certificate", "invalid-certificate", d -> d.caCertificate = "-----BEGIN CERTIFICATE-----\nxx\n"),
                bad("client_certificate", "invalid-certificate", d -> {
                    d.clientCertificate = Pem.pkcs8(A.key());
                    d.clientKey = Pem.pkcs8(A.key());
                }),
                bad("client_key", "required", d -> d.clientCertificate = Pem.write(A.certificate())),
                bad("client_key", "invalid-private-key", d -> {
                    d.clientCertificate = Pem.write(A.certificate());
                    d.clientKey = Pem.write(A.certificate());
                }),
                bad("client_key", "key-without-certificate", d -> d.clientKey = Pem.pkcs8(A.key())),
                bad("client_key", "key-certificate-mismatch", d -> {
                    d.clientCertificate = Pem.write(A.certificate());
                    d.clientKey = Pem.pkcs8(B.key());
                }),
                bad("mission_filter", "invalid-value", d -> d.missionFilter = List.of("ok", " ")),
                bad("mission_filter", "too-long", d -> d.missionFilter = Collections.nCopies(1001, "m")));
    }

    private static Arguments bad(String field, String label, Consumer<PeerDraft> change) {
        return Arguments.of(field, label, change);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalid")
    void eachBrokenRuleNamesItsFieldAndLabel(String field, String label, Consumer<PeerDraft> change) {
        PeerDraft draft = valid();
        change.accept(draft);
        List<FieldError> errors = PeerValidator.validate(draft);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(field, errors.get(0).field());
        assertEquals(label, errors.get(0).label());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tak.example.org", "localhost", "10.0.0.1", "0.0.0.0", "::1", "fe80::1", "2001:db8::1",
            "node-1.site.example.", "a"})
    void hostNamesAndAddressesAreAccepted(String address) {
        assertTrue(PeerValidator.isHostOrIp(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", "under_score.example", "1.2.3", "1.2.3.4.5", "host:9001", "[::1]", "exa mple"})
    void othersAreNot(String address) {
        assertFalse(PeerValidator.isHostOrIp(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void aDomainStandsInForTheAddressAndThePortDefaultsToTheProtocols(String protocol) {
        PeerDraft draft = valid();
        draft.address = null;
        draft.port = null;
        draft.protocolVersion = protocol;
        draft.domain = "East.Example.org.";
        assertEquals(List.of(), PeerValidator.validate(draft));
        assertEquals("v1".equals(protocol) ? 9000 : 9001, draft.port);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aMatchingPairAndTheSeedDefaultsPass(boolean withClientMaterial) {
        PeerDraft draft = valid();
        if (withClientMaterial) {
            draft.clientCertificate = Pem.write(A.chain().toArray());
            draft.clientKey = Pem.pkcs8(A.key());
            draft.caCertificate = Pem.write(CA.certificate());
            draft.missionFilter = List.of("Operation-Alpha", "Training-*");
        }
        assertEquals(List.of(), PeerValidator.validate(draft));
        assertEquals("outbound", draft.connectionType);
        assertEquals("v2", draft.protocolVersion);
        assertEquals("tcp", draft.transportProtocol);
    }

    @org.junit.jupiter.api.Test
    void errorsNeverQuoteTheSubmittedKey() {
        PeerDraft draft = valid();
        draft.clientCertificate = Pem.write(A.certificate());
        String key = Pem.pkcs8(B.key());
        draft.clientKey = key;
        String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        PeerValidator.validate(draft).forEach(e -> assertFalse(e.message().contains(body.substring(0, 20))));
    }

    @org.junit.jupiter.api.Test
    void certificatesAChangeSetsMustBeUsableForFederation() {
        java.time.Instant now = java.time.Instant.now();
        DevelopmentPki.Issued expired = DevelopmentPki.federationCertificate(CA, "old", List.of("old"), List.of(),
                now.minus(java.time.Duration.ofDays(400)), now.minus(java.time.Duration.ofDays(1)),
                List.of(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth,
                        org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth));
        DevelopmentPki.Issued serverOnly = DevelopmentPki.federationCertificate(CA, "srv", List.of("srv"), List.of(),
                now.minus(java.time.Duration.ofDays(1)), now.plus(java.time.Duration.ofDays(100)),
                List.of(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth));
        List<FieldError> errors = PeerValidator.certificateErrors(new PeerPatch()
                .set(PeerField.CLIENT_CERTIFICATE, Pem.write(expired.certificate()) + Pem.write(CA.certificate())), now);
        assertEquals(List.of("client_certificate"), errors.stream().map(FieldError::field).toList());
        assertEquals("certificate-expired", errors.get(0).label());
        assertTrue(errors.get(0).message().contains("issue a new one"), errors.get(0).message());
        assertEquals("eku-missing", PeerValidator.certificateErrors(new PeerPatch()
                .set(PeerField.CLIENT_CERTIFICATE, Pem.write(serverOnly.certificate())), now).get(0).label());
        assertTrue(PeerValidator.certificateErrors(new PeerPatch().set(PeerField.CLIENT_CERTIFICATE,
                Pem.write(A.certificate()) + Pem.write(CA.certificate())), now).isEmpty(), "a good chain passes");
        assertTrue(PeerValidator.certificateErrors(new PeerPatch().set(PeerField.ENABLED, false), now).isEmpty(),
                "a change that sets no certificate is never blocked by one that aged");
        assertEquals("ca_certificate", PeerValidator.certificateErrors(new PeerPatch().set(PeerField.CA_CERTIFICATE,
                Pem.write(expired.certificate())), now).get(0).field());
    }
}
