package io.takfed.persistence;

import java.util.HexFormat;

/**
 * The indexed part of a received change's key, as the change log stores it and looks it up. A function of the
 * change alone, so the same change always has the same prefix; two changes may share one, so the full key is
 * compared wherever a prefix matches.
 * <p>
 * A change that carries its own time (a content change's {@code date}) leads with it, then the key's first bits:
 * a backlog's changes arrive in about the order they were made, so their index entries go to the end of the
 * B-tree. A prefix of hash bits alone lands at a random place each time, and in the embedded H2 every commit of a
 * drain copied and rewrote most of the index's leaves: with entries in order, a 100 k drain took 8.0 s instead of
 * 10.9 s and the receiver 10.3 CPU seconds instead of 14.5 (bench/mission-drain, medians of 3 in the same hour).
 * Other changes keep the key's first 64 bits.
 */
public final class ChangeKeyPrefix {

    private static final int KEY_LENGTH = 64;
    private static final int PREFIX_DIGITS = 16;
    /** Bits of the time in epoch milliseconds: until the year 2109. */
    private static final int TIME_BITS = 42;
    private static final long TIME_MASK = (1L << TIME_BITS) - 1;
    private static final int KEY_BITS = 63 - TIME_BITS;

    private ChangeKeyPrefix() {
    }

    /** The prefix of a SHA-256 key in hex, or null for any other key (a local change's UUID). */
    public static Long of(String key) {
        if (key == null || key.length() != KEY_LENGTH) {
            return null;
        }
        try {
            return HexFormat.fromHexDigitsToLong(key, 0, PREFIX_DIGITS);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    /** The prefix of a SHA-256 key of a change made at {@code dateMillis} (null when it carries no time). */
    public static Long of(String key, Long dateMillis) {
        Long bits = of(key);
        if (bits == null || dateMillis == null) {
            return bits;
        }
        return (dateMillis & TIME_MASK) << KEY_BITS | bits >>> (64 - KEY_BITS);
    }
}
