package io.takfed.connector.transport.probe;

import java.security.cert.CertificateExpiredException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns a TLS failure into one sentence an operator can act on. */
final class TlsFailureExplainer {

    private TlsFailureExplainer() {
    }

    static String explain(Throwable failure, String host) {
        String all = chainText(failure);
        if (all.contains("notsslrecordexception") || all.contains("not an ssl/tls record")
                || all.contains("unrecognized ssl message") || all.contains("unsupported or unrecognized")) {
            return "the peer does not speak TLS on this port; check the port (v1 is 9000, v2 is 9001)";
        }
        if (has(failure, CertificateExpiredException.class) || all.contains("certificate expired")
                || all.contains("validity check failed")) {
            return "a certificate in the peer's chain has expired or is not yet valid";
        }
        if (all.contains("no subject alternative") || all.contains("no name matching")) {
            return "the peer's certificate does not name '" + host + "' in its subject alternative names; use the "
                    + "name the certificate carries, or set verify_ssl=false (the chain is still verified)";
        }
        if (all.contains("pkix path") || all.contains("unable to find valid certification path")
                || all.contains("path does not chain")) {
            return "the peer's certificate does not chain to a CA we trust; add the peer's CA as ca_certificate or "
                    + "to the federation truststore";
        }
        if (all.contains("certificate_required") || all.contains("bad_certificate")
                || all.contains("certificate_unknown") || all.contains("unknown_ca")) {
            return "the peer rejected our certificate; give the peer's administrator our federation CA certificate";
        }
        if (all.contains("protocol_version") || all.contains("no appropriate protocol")
                || all.contains("handshake_failure") || all.contains("no cipher suites in common")) {
            return "no common TLS version or cipher suite; the peer must allow TLS 1.2 or 1.3 with ECDHE and AEAD "
                    + "suites";
        }
        return "the TLS handshake failed: " + summary(failure);
    }

    static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }

    static boolean isSsl(Throwable failure) {
        return has(failure, SSLException.class);
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String chainText(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getSimpleName()).append(' ').append(t.getMessage()).append('\n');
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }
}
