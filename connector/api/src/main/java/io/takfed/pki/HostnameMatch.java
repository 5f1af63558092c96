package io.takfed.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate names a host, by the rules an operator can predict: case-insensitive; a trailing dot
 * ignored; a wildcard only as the whole left-most label, covering exactly one label and never a bare {@code *} or
 * {@code *.tld}; a {@code *} anywhere else compared literally. The subject CN counts only when the certificate has no
 * DNS name at all and the caller enables the fallback (RFC 6125 retires it, so takfed keeps it off by default).
 */
public final class HostnameMatch {

    private static final int DNS_NAME = 2;

    private HostnameMatch() {
    }

    /** The names the certificate is checked against: its DNS SANs, or its CN under the fallback. */
    public static List<String> names(X509Certificate certificate, boolean cnFallback) {
        List<String> dns = dnsNames(certificate);
        if (dns.isEmpty() && cnFallback) {
            return List.of(CertificateIdentity.commonName(certificate.getSubjectX500Principal().getName()));
        }
        return dns;
    }

    public static boolean matches(X509Certificate certificate, String host, boolean cnFallback) {
        return names(certificate, cnFallback).stream().anyMatch(name -> matches(name, host));
    }

    /** A host or domain name as DNS and certificates compare it: lower case, no trailing dot. */
    public static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** One certificate name against one host name. */
    public static boolean matches(String certificateName, String host) {
        String[] pattern = labels(certificateName);
        String[] actual = labels(host);
        if (pattern == null || actual == null || pattern.length != actual.length) {
            return false;
        }
        boolean wildcard = "*".equals(pattern[0]);
        if (wildcard && pattern.length < 3) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!(i == 0 && wildcard) && !pattern[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    /** Lower-cased labels without the trailing dot; null when a label is empty. */
    private static String[] labels(String name) {
        String n = normalize(name);
        String[] labels = n.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return null;
            }
        }
        return labels;
    }

    static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(DNS_NAME).equals(san.get(0))) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }
}
