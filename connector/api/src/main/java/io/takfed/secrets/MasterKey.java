package io.takfed.secrets;

import io.takfed.pki.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit key that protects every secret takfed keeps at rest. Configured explicitly (base64), or generated
 * once into {@code <data dir>/secrets/master.key} with mode 0600. The resource adapter and the application may
 * both ask for it first; creation is race-free and both end up with the same key.
 */
public final class MasterKey {

    public static final String FILE_NAME = "master.key";
    private static final int KEY_BYTES = 32;

    private final byte[] key;

    private MasterKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the master key must be " + KEY_BYTES + " bytes, found " + key.length);
        }
        this.key = key.clone();
    }

    /** The configured key if {@code configuredBase64} is set, else the data directory's key, created if absent. */
    public static MasterKey load(Path dataDirectory, String configuredBase64) throws IOException {
        if (configuredBase64 != null && !configuredBase64.isBlank()) {
            try {
                return new MasterKey(Base64.getDecoder().decode(configuredBase64.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("TAKFED_MASTER_KEY must be " + KEY_BYTES + " random bytes in "
                        + "base64 (for example: openssl rand -base64 " + KEY_BYTES + "): " + e.getMessage(), e);
            }
        }
        Path file = dataDirectory.resolve("secrets").resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] fresh = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(fresh);
            SecureFiles.createPrivateOnce(file, Base64.getEncoder().encode(fresh));
        }
        return new MasterKey(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
    }

    public static MasterKey of(byte[] key) {
        return new MasterKey(key);
    }

    /** A key for one purpose, so that no two uses ever share key material. */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(("takfed:" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A password for PEM encryption of key files, derived for one purpose. */
    public char[] password(String purpose) {
        byte[] derived = derive("password:" + purpose);
        char[] password = Base64.getEncoder().withoutPadding().encodeToString(derived).toCharArray();
        Arrays.fill(derived, (byte) 0);
        return password;
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
