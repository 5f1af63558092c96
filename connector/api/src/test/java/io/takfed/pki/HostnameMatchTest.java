package io.takfed.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SAN rules as a table, each row against a real certificate carrying that name. */
class HostnameMatchTest {

    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("match CA");

    private static X509Certificate withSan(String san) {
        return DevelopmentPki.federationCertificate(CA, "san-holder", List.of(san), List.of()).certificate();
    }

    @ParameterizedTest(name = "SAN {0} vs {1}: {2}")
    @CsvSource({
            "federator.example.com,   FEDERATOR.Example.COM,     true",
            "FEDERATOR.example.com,   federator.example.com,     true",
            "federator.example.com,   federator.example.com.,    true",
            "federator.example.com,   other.example.com,         false",
            "federator.example.com,   example.com,               false",
            "*.example.com,           federator.example.com,     true",
            "*.example.com,           FED.EXAMPLE.COM.,          true",
            "*.example.com,           a.b.example.com,           false",
            "*.example.com,           example.com,               false",
            "*.com,                   example.com,               false",
            "*,                       localhost,                 false",
            "fed*.example.com,        federator.example.com,     false",
            "fed*.example.com,        fed*.example.com,          true",
            "a.*.example.com,         a.b.example.com,           false",
            "federator.example.com,   federator..example.com,    false",
    })
    void dnsNames(String san, String host, boolean expected) {
        assertEquals(expected, HostnameMatch.matches(withSan(san), host, false));
    }

    @ParameterizedTest(name = "CN-only certificate, fallback {0}: {1}")
    @CsvSource({
            "false, false",
            "true,  true",
    })
    void commonNameOnlyWhenEnabledAndNoDnsName(boolean fallback, boolean expected) {
        X509Certificate cnOnly = DevelopmentPki.federationCertificate(CA, "fed.example.com", List.of(), List.of())
                .certificate();
        assertEquals(expected, HostnameMatch.matches(cnOnly, "fed.example.com", fallback));
    }

    @ParameterizedTest(name = "fallback {0} ignores the CN when a DNS SAN exists")
    @CsvSource({"false", "true"})
    void aDnsNameHidesTheCommonName(boolean fallback) {
        X509Certificate both = DevelopmentPki.federationCertificate(CA, "fed.example.com",
                List.of("other.example.com"), List.of()).certificate();
        assertEquals(false, HostnameMatch.matches(both, "fed.example.com", fallback));
    }
}
