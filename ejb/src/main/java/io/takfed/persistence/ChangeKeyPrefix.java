package io.takfed.persistence;

import java.util.HexFormat;

/** The indexed part of a received change's key: its first 64 bits, as the change log stores them. */
public final class ChangeKeyPrefix {

    private static final int KEY_LENGTH = 64;
    private static final int PREFIX_DIGITS = 16;

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
}
