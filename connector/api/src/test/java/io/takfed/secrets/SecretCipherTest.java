package io.takfed.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static MasterKey randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return MasterKey.of(key);
    }

    private final SecretCipher cipher = new SecretCipher(randomKey());

    @Test
    void roundTripsAndNeverStoresThePlaintext() {
        String secret = "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n";
        String stored = cipher.encrypt(secret, "client_key");
        assertFalse(stored.contains("PRIVATE KEY"));
        assertNotEquals(stored, cipher.encrypt(secret, "client_key"), "a fresh nonce every time");
        assertEquals(secret, cipher.decrypt(stored, "client_key"));
    }

    @Test
    void alteredDataWrongPurposeOrAnotherKeyAreRefused() {
        String stored = cipher.encrypt("secret", "client_key");
        byte[] raw = Base64.getDecoder().decode(stored.substring(3));
        raw[raw.length - 1] ^= 1;
        String altered = "v1:" + Base64.getEncoder().encodeToString(raw);

        assertThrows(SecretCipher.SecretUnreadableException.class, () -> cipher.decrypt(altered, "client_key"));
        assertThrows(SecretCipher.SecretUnreadableException.class, () -> cipher.decrypt(stored, "other"));
        assertThrows(SecretCipher.SecretUnreadableException.class,
                () -> new SecretCipher(randomKey()).decrypt(stored, "client_key"));
        assertThrows(SecretCipher.SecretUnreadableException.class, () -> cipher.decrypt("plain text", "client_key"));
    }
}
