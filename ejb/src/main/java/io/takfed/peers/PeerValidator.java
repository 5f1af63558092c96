package io.takfed.peers;

import io.takfed.pki.KeyMatch;
import io.takfed.pki.Pem;
import io.takfed.pki.PemException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The rules a federation server must satisfy, each failure a {@link FieldError} with a stable label. */
final class PeerValidator {

    static final int MAX_NAME = 255;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_FILTER_ENTRIES = 1000;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern FINGERPRINT = Pattern.compile("([0-9A-F]{2}:){31}[0-9A-F]{2}");

    private final List<FieldError> errors = new ArrayList<>();

    /** Validates the draft; returns the parsed client key when one is set, so callers need not parse it again. */
    static List<FieldError> validate(PeerDraft draft) {
        PeerValidator validator = new PeerValidator();
        validator.check(draft);
        validator.errors.addAll(ControlsValidator.validate(draft));
        return validator.errors;
    }

    /**
     * The certificates a change sets, checked as a federation needs them (expiry, both EKUs, key strength); only
     * what the change sets, so a certificate that expired since cannot block disabling or deleting its peer.
     */
    static List<FieldError> certificateErrors(PeerPatch patch, java.time.Instant now) {
        PeerValidator validator = new PeerValidator();
        validator.usable(PeerField.CLIENT_CERTIFICATE, patch, chain -> io.takfed.pki.CertificateCheck.federation(chain, now));
        validator.usable(PeerField.CA_CERTIFICATE, patch, chain -> io.takfed.pki.CertificateCheck.authorities(chain, now));
        return validator.errors;
    }

    private void usable(PeerField field, PeerPatch patch,
                        java.util.function.Function<List<X509Certificate>, List<io.takfed.pki.CertificateCheck.Finding>> check) {
        String pem = patch.has(field) ? patch.string(field) : null;
        if (pem == null) {
            return;
        }
        for (var finding : check.apply(certificates(field, pem))) {
            if (finding.severity() == io.takfed.pki.CertificateCheck.Severity.ERROR) {
                fail(field, finding.label(), field.json() + ": " + finding.explanation());
            }
        }
    }

    private void check(PeerDraft draft) {
        text(PeerField.NAME, draft.name, MAX_NAME, true);
        text(PeerField.DESCRIPTION, draft.description, MAX_DESCRIPTION, false);
        if (draft.domain != null && !isDomain(draft.domain)) {
            fail(PeerField.DOMAIN, "invalid-domain", "domain must be a DNS name of at least two labels, such as "
                    + "tak.example.org; its servers are found by SRV lookup");
        }
        if (draft.address == null && draft.domain == null) {
            fail(PeerField.ADDRESS, "required", "address is required unless domain is set: a host name or an IP "
                    + "address");
        } else if (draft.address != null && !isHostOrIp(draft.address)) {
            fail(PeerField.ADDRESS, "invalid-address", "address must be a host name or an IPv4/IPv6 address");
        }
        if (draft.port == null && draft.address == null) {
            // Dialled by SRV, which gives the port; stored as the protocol's standard port for the record.
            draft.port = "v1".equals(draft.protocolVersion) ? 9000 : 9001;
        }
        if (draft.port == null) {
            fail(PeerField.PORT, "required", "port is required (v1 is usually 9000, v2 9001)");
        } else if (draft.port < 1 || draft.port > 65535) {
            fail(PeerField.PORT, "out-of-range", "port must be from 1 to 65535");
        }
        choice(PeerField.CONNECTION_TYPE, draft.connectionType);
        choice(PeerField.PROTOCOL_VERSION, draft.protocolVersion);
        if ("udp".equals(draft.transportProtocol) || "multicast".equals(draft.transportProtocol)) {
            fail(PeerField.TRANSPORT_PROTOCOL, "unsupported-transport", "transport_protocol must be tcp: TAK "
                    + "federation runs over TCP with mutual TLS (v1, usually on 9000; v2, usually on 9001), and takfed "
                    + "speaks no federation over udp or multicast");
        } else {
            choice(PeerField.TRANSPORT_PROTOCOL, draft.transportProtocol);
        }
        if (!draft.useTls) {
            fail(PeerField.USE_TLS, "tls-required", "use_tls must be true: federation with TAK is mutual TLS only, "
                    + "on v1 and v2, and takfed never federates in plain text");
        }
        certificates(PeerField.CA_CERTIFICATE, draft.caCertificate);
        List<X509Certificate> clientChain = certificates(PeerField.CLIENT_CERTIFICATE, draft.clientCertificate);
        clientKey(draft, clientChain);
        missionFilter(draft.missionFilter);
        groups(PeerField.INBOUND_GROUPS, draft.inboundGroups);
        groups(PeerField.OUTBOUND_GROUPS, draft.outboundGroups);
        if (draft.maxHops == null || draft.maxHops < -1) {
            fail(PeerField.MAX_HOPS, "out-of-range", "max_hops must be -1 (unlimited) or a number of hops from 0");
        }
        if (draft.reconnectInterval != null && (draft.reconnectInterval < 0 || draft.reconnectInterval > 86_400)) {
            fail(PeerField.RECONNECT_INTERVAL, "out-of-range", "reconnect_interval must be 0 (never reconnect) to "
                    + "86400 seconds, or null for OTS_FEDERATION_RETRY_INTERVAL");
        }
        if (draft.maxRetries == null || draft.maxRetries < -1) {
            fail(PeerField.MAX_RETRIES, "out-of-range", "max_retries must be -1 (unlimited) or a count from 0");
        }
        if (draft.fingerprint != null && !FINGERPRINT.matcher(draft.fingerprint).matches()) {
            fail(PeerField.FINGERPRINT, "invalid-value", "fingerprint must be the certificate's SHA-256 as 32 "
                    + "colon-separated hex pairs");
        }
    }

    private void groups(PeerField field, List<String> groups) {
        if (groups == null) {
            fail(field, "invalid-type", field.json() + " must be an array of group names ([] for none)");
            return;
        }
        if (groups.size() > MAX_FILTER_ENTRIES) {
            fail(field, "too-long", field.json() + " takes at most " + MAX_FILTER_ENTRIES + " groups");
            return;
        }
        for (String group : groups) {
            if (group.isBlank() || group.length() > MAX_NAME || CONTROL.matcher(group).find()) {
                fail(field, "invalid-value", field.json() + " entries must be non-empty names of at most "
                        + MAX_NAME + " printable characters");
                return;
            }
        }
    }

    private void text(PeerField field, String value, int max, boolean required) {
        if (value == null || (required && value.isEmpty())) {
            if (required) {
                fail(field, "required", field.json() + " is required");
            }
            return;
        }
        if (value.length() > max) {
            fail(field, "too-long", field.json() + " must be at most " + max + " characters");
        } else if (field == PeerField.NAME && CONTROL.matcher(value).find()) {
            fail(field, "invalid-value", "name must not contain control characters");
        }
    }

    private void choice(PeerField field, String value) {
        List<String> allowed = WireChoice.of(field);
        if (!allowed.contains(value)) {
            fail(field, "invalid-value", field.json() + " must be one of " + String.join(", ", allowed));
        }
    }

    private List<X509Certificate> certificates(PeerField field, String pem) {
        if (pem == null) {
            return List.of();
        }
        try {
            return Pem.certificates(pem);
        } catch (PemException e) {
            fail(field, "invalid-certificate", field.json() + " must be PEM certificates: " + e.getMessage());
            return List.of();
        }
    }

    private void clientKey(PeerDraft draft, List<X509Certificate> clientChain) {
        boolean keySet = draft.clientKey != null || draft.hasStoredKey;
        if (draft.clientCertificate != null && !keySet) {
            fail(PeerField.CLIENT_KEY, "required", "client_key is required together with client_certificate");
        }
        if (draft.clientKey == null) {
            if (draft.hasStoredKey && draft.clientCertificate == null) {
                fail(PeerField.CLIENT_CERTIFICATE, "required", "client_certificate is required while a client_key is set");
            }
            return;
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(draft.clientKey, null);
        } catch (PemException e) {
            fail(PeerField.CLIENT_KEY, "invalid-private-key", "client_key must be an unencrypted PEM private key: "
                    + e.getMessage());
            return;
        }
        if (draft.clientCertificate == null) {
            fail(PeerField.CLIENT_KEY, "key-without-certificate", "client_key needs its client_certificate");
        } else if (!clientChain.isEmpty() && !KeyMatch.matches(key, clientChain.get(0))) {
            fail(PeerField.CLIENT_KEY, "key-certificate-mismatch",
                    "client_key is not the private key of the first certificate in client_certificate");
        }
    }

    private void missionFilter(List<String> filter) {
        if (filter == null) {
            return;
        }
        if (filter.size() > MAX_FILTER_ENTRIES) {
            fail(PeerField.MISSION_FILTER, "too-long", "mission_filter takes at most " + MAX_FILTER_ENTRIES + " names");
            return;
        }
        for (String entry : filter) {
            if (entry.isBlank() || entry.length() > MAX_NAME || CONTROL.matcher(entry).find()) {
                fail(PeerField.MISSION_FILTER, "invalid-value", "mission_filter entries must be non-empty names "
                        + "or patterns of at most " + MAX_NAME + " printable characters");
                return;
            }
        }
    }

    static boolean isHostOrIp(String address) {
        if (address.length() > 253) {
            return false;
        }
        if (address.indexOf(':') >= 0) {
            // An IPv6 literal: the JDK parses literals without any DNS query.
            if (!IPV6_CHARS.matcher(address).matches()) {
                return false;
            }
            try {
                return InetAddress.getByName(address) != null;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        if (NUMERIC.matcher(address).matches()) {
            return isIpv4(address);
        }
        String host = address.endsWith(".") ? address.substring(0, address.length() - 1) : address;
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** A DNS name (not an IP literal) of two labels or more. */
    static boolean isDomain(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        return d.indexOf('.') > 0 && d.indexOf(':') < 0 && !NUMERIC.matcher(d).matches() && isHostOrIp(d);
    }

    private static boolean isIpv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private void fail(PeerField field, String label, String message) {
        errors.add(new FieldError(field.json(), label, message));
    }
}
