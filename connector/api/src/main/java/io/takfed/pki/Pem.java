package io.takfed.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads and writes PEM with BouncyCastle's parser: certificates, and private keys in PKCS#8, PKCS#1 (RSA) and
 * SEC1 (EC) forms, plain or encrypted.
 */
public final class Pem {

    private static final int MAX_PEM_CHARS = 256 * 1024;

    private Pem() {
    }

    /** Every certificate in the text, in order. At least one, and nothing that is not a certificate. */
    public static List<X509Certificate> certificates(String pem) throws PemException {
        List<Object> objects = read(pem, "certificate");
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER);
        for (Object object : objects) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new PemException("expected only CERTIFICATE blocks, found " + describe(object));
            }
            try {
                certificates.add(toJdk(converter.getCertificate(holder)));
            } catch (CertificateException e) {
                throw new PemException("a certificate could not be decoded", e);
            }
        }
        return certificates;
    }

    /** The single private key in the text; {@code password} may be null for an unencrypted key. */
    public static PrivateKey privateKey(String pem, char[] password) throws PemException {
        return toJdk(bouncyCastleKey(pem, password));
    }

    private static PrivateKey bouncyCastleKey(String pem, char[] password) throws PemException {
        List<Object> objects = read(pem, "private key");
        if (objects.size() != 1) {
            throw new PemException("expected exactly one private key block, found " + objects.size());
        }
        Object object = objects.get(0);
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                // SEC1 keys may omit the public half: convert only the private part.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                requirePassword(password);
                InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER).build(password);
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
            }
            if (object instanceof PEMEncryptedKeyPair encrypted) {
                requirePassword(password);
                return converter.getPrivateKey(encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(password))
                        .getPrivateKeyInfo());
            }
        } catch (IOException | PKCSException | OperatorCreationException e) {
            throw new PemException("the private key could not be decoded (wrong password or corrupt data)", e);
        }
        throw new PemException("expected a PRIVATE KEY block, found " + describe(object));
    }

    public static String write(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory cannot fail", e);
        }
        return out.toString();
    }

    /** Unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), the form every TLS stack reads. */
    public static String pkcs8(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new IllegalStateException("encoding a private key in memory cannot fail", e);
        }
    }

    /** PKCS#8 PEM of the key, encrypted with AES-256-CBC under a PBKDF2-derived key. */
    public static String encryptedPrivateKey(PrivateKey key, char[] password) {
        try {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setProvider(BouncyCastle.PROVIDER).setIterationCount(100_000).setPassword(password).build();
            return write(new JcaPKCS8Generator(key, encryptor).generate());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("encrypting a private key failed", e);
        }
    }

    private static List<Object> read(String pem, String what) throws PemException {
        if (pem == null || pem.isBlank()) {
            throw new PemException("no PEM " + what + " given");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw new PemException("PEM text longer than " + MAX_PEM_CHARS + " characters");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            // The parser's messages can quote the input, which may be a key: keep only a generic reason.
            throw new PemException("the " + what + " is not valid PEM");
        }
        if (objects.isEmpty()) {
            throw new PemException("no PEM " + what + " block found");
        }
        return objects;
    }

    private static void requirePassword(char[] password) throws PemException {
        if (password == null) {
            throw new PemException("the private key is encrypted and no password was configured");
        }
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName().replace("PEM", "").replace("Holder", "");
    }

    /**
     * Re-creates the key with the JDK's own key factory: BouncyCastle names EC keys "ECDSA", which the JDK's
     * signature and TLS engines do not accept, and BC types must not cross a class-loader boundary anyway.
     */
    private static PrivateKey toJdk(PrivateKey key) throws PemException {
        String algorithm = "ECDSA".equals(key.getAlgorithm()) ? "EC" : key.getAlgorithm();
        try {
            return java.security.KeyFactory.getInstance(algorithm)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new PemException("unsupported private key type " + algorithm);
        }
    }

    /** Hands out JDK certificate objects so that no BouncyCastle type crosses a class-loader boundary. */
    private static X509Certificate toJdk(X509Certificate certificate) throws CertificateException {
        java.security.cert.CertificateFactory factory = java.security.cert.CertificateFactory.getInstance("X.509");
        return (X509Certificate) factory.generateCertificate(
                new java.io.ByteArrayInputStream(certificate.getEncoded()));
    }
}
