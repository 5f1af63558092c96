package io.takfed.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** How federation names a certificate: its SHA-256 fingerprint and TAK's {@code CN(subject):CN(issuer)}. */
public final class CertificateIdentity {

    private CertificateIdentity() {
    }

    /** SHA-256 of the DER encoding, uppercase hex pairs joined by colons, as TAK Server prints it. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 of a parsed certificate cannot fail", e);
        }
    }

    public static String displayName(X509Certificate certificate) {
        return commonName(certificate.getSubjectX500Principal().getName()) + ":"
                + commonName(certificate.getIssuerX500Principal().getName());
    }

    /** The first CN of an RFC 2253 name, or the whole name when it has none. */
    public static String commonName(String distinguishedName) {
        try {
            java.util.List<Rdn> rdns = new LdapName(distinguishedName).getRdns();
            // LdapName lists RDNs right to left; the "first" CN is the left-most one in the string.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Rdn rdn = rdns.get(i);
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return distinguishedName;
        }
        return distinguishedName;
    }
}
