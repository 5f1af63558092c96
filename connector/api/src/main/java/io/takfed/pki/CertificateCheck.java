package io.takfed.pki;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operator must know about a federation certificate, in words they can act on: expired or not yet
 * valid, expiring within 30 days, missing one of the two extended key usages TAK needs (the same certificate
 * serves as client and server), a weak key, or a chain without its issuing CA (TAK reads the CA from the
 * presented chain). Used on a peer's certificates when it is created or updated, and on every connect.
 */
public final class CertificateCheck {

    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int MIN_RSA_BITS = 2048;
    private static final int MIN_EC_BITS = 256;

    /** An error refuses the certificate; a warning is shown and logged. */
    public enum Severity { ERROR, WARNING }

    /** One finding; {@code label} is stable, {@code explanation} says what to do. */
    public record Finding(String label, Severity severity, String explanation) implements java.io.Serializable {
    }

    private CertificateCheck() {
    }

    /** Checks a chain a federate presents (or that we present for a peer), leaf first. */
    public static List<Finding> federation(List<X509Certificate> chain, Instant now) {
        List<Finding> findings = new ArrayList<>();
        if (chain.isEmpty()) {
            findings.add(new Finding("no-certificate", Severity.ERROR, "no certificate was presented"));
            return findings;
        }
        X509Certificate leaf = chain.get(0);
        validity(leaf, now, "the certificate " + CertificateIdentity.displayName(leaf), findings);
        extendedKeyUsage(leaf, findings);
        key(leaf.getPublicKey(), findings);
        if (chain.size() < 2) {
            findings.add(new Finding("chain-missing-ca", Severity.WARNING, "only the leaf certificate is presented; "
                    + "TAK Server reads the issuing CA from the chain, so present [leaf, CA]"));
        }
        for (X509Certificate authority : chain.subList(1, chain.size())) {
            validity(authority, now, "the CA certificate " + CertificateIdentity.commonName(
                    authority.getSubjectX500Principal().getName()), findings);
        }
        return findings;
    }

    /** Checks CA certificates given as trust anchors: only their validity matters. */
    public static List<Finding> authorities(List<X509Certificate> anchors, Instant now) {
        List<Finding> findings = new ArrayList<>();
        for (X509Certificate anchor : anchors) {
            validity(anchor, now, "the CA certificate " + CertificateIdentity.commonName(
                    anchor.getSubjectX500Principal().getName()), findings);
        }
        return findings;
    }

    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    private static void validity(X509Certificate certificate, Instant now, String what, List<Finding> findings) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            findings.add(new Finding("certificate-expired", Severity.ERROR, what + " expired on " + notAfter
                    + "; issue a new one"));
        } else if (now.isBefore(notBefore)) {
            findings.add(new Finding("certificate-not-yet-valid", Severity.ERROR, what + " is valid only from "
                    + notBefore + "; check the clocks of both servers"));
        } else if (now.plus(EXPIRY_WARNING).isAfter(notAfter)) {
            findings.add(new Finding("certificate-expires-soon", Severity.WARNING, what + " expires on " + notAfter
                    + ", in " + ChronoUnit.DAYS.between(now, notAfter) + " days; renew it before then"));
        }
    }

    private static void extendedKeyUsage(X509Certificate leaf, List<Finding> findings) {
        List<String> usages;
        try {
            usages = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            findings.add(new Finding("eku-unreadable", Severity.ERROR, "the extended key usage cannot be read: "
                    + e.getMessage()));
            return;
        }
        if (usages == null) {
            return; // No extension: every usage is allowed.
        }
        List<String> missing = new ArrayList<>();
        if (!usages.contains(SERVER_AUTH)) {
            missing.add("serverAuth");
        }
        if (!usages.contains(CLIENT_AUTH)) {
            missing.add("clientAuth");
        }
        if (!missing.isEmpty()) {
            findings.add(new Finding("eku-missing", Severity.ERROR, "the certificate lacks the extended key usage "
                    + String.join(" and ", missing) + "; a federation certificate needs both clientAuth and "
                    + "serverAuth, since each server dials and is dialled with it"));
        }
    }

    private static void key(PublicKey key, List<Finding> findings) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                findings.add(new Finding("weak-key", Severity.ERROR, "the RSA key has " + bits + " bits; use at least "
                        + MIN_RSA_BITS));
            }
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            if (bits < MIN_EC_BITS) {
                findings.add(new Finding("weak-key", Severity.ERROR, "the EC key has " + bits + " bits; use P-256 or "
                        + "stronger"));
            }
        } else {
            findings.add(new Finding("unusual-key-type", Severity.WARNING, "the key type " + key.getAlgorithm()
                    + " is neither RSA nor EC; TAK Server may not accept it"));
        }
    }
}
