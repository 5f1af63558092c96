package io.takfed.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangeKeyPrefixTest {

    private static final Random RANDOM = new Random(7);

    private static String key() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void changesCarryingTheirTimeAreIndexedInTheOrderTheyWereMade() {
        long made = 1_765_000_000_000L;
        Long before = ChangeKeyPrefix.of(key(), made);
        for (int i = 1; i <= 10_000; i++) {
            Long next = ChangeKeyPrefix.of(key(), made + i);
            assertTrue(next > before, "whatever their keys' bits: " + i);
            assertTrue(next > 0);
            before = next;
        }
    }

    @Test
    void theSameChangeHasTheSamePrefixAndOtherKeysOfTheSameTimeMostlyDiffer() {
        String key = key();
        assertEquals(ChangeKeyPrefix.of(key, 42L), ChangeKeyPrefix.of(key, 42L));
        assertEquals(ChangeKeyPrefix.of(key), ChangeKeyPrefix.of(key, null), "a change without a time: its key's bits");
        assertNotEquals(ChangeKeyPrefix.of(key, 42L), ChangeKeyPrefix.of(key(), 42L));
        assertEquals(Long.parseUnsignedLong(key.substring(0, 16), 16), ChangeKeyPrefix.of(key));
    }

    @Test
    void aKeyThatIsNotAHexSha256HasNone() {
        assertNull(ChangeKeyPrefix.of(java.util.UUID.randomUUID().toString(), 42L));
        assertNull(ChangeKeyPrefix.of("z".repeat(64), 42L));
        assertNull(ChangeKeyPrefix.of(null, null));
    }
}
