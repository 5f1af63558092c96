package io.takfed.missions;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A 64-bit digest of every item of one mission too large to hold its items ({@link MissionIndex#MAX_ITEMS}), in
 * eight bytes an item: an item whose digest is absent is certainly not the mission's, so adding new items asks the
 * database nothing; only a digest that is there (the item, or rarely another with the same digest) is asked about.
 * Removals leave their digest, which costs one query if the item comes back. A sorted array answers by binary
 * search; additions gather in a small set and are merged into the array in one pass when it fills.
 */
final class ItemDigests {

    /** Additions held before a merge: large enough that merging (linear in the array) is rare. */
    private static final int PENDING = 4_096;

    private long[] sorted;
    private final Set<Long> pending = new HashSet<>();

    ItemDigests(Stream<String> items) {
        sorted = items.mapToLong(ItemDigests::digest).sorted().toArray();
    }

    /** False when the item is certainly absent. */
    boolean mayContain(String item) {
        long digest = digest(item);
        return pending.contains(digest) || Arrays.binarySearch(sorted, digest) >= 0;
    }

    void add(String item) {
        long digest = digest(item);
        if (Arrays.binarySearch(sorted, digest) < 0 && pending.add(digest) && pending.size() >= PENDING) {
            merge();
        }
    }

    /** Digests held. */
    int size() {
        return sorted.length + pending.size();
    }

    private void merge() {
        long[] added = pending.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] merged = new long[sorted.length + added.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < sorted.length || j < added.length) {
            merged[k++] = j == added.length || (i < sorted.length && sorted[i] < added[j]) ? sorted[i++]
                    : added[j++];
        }
        sorted = merged;
        pending.clear();
    }

    /**
     * Two independent 32-bit string hashes side by side: {@link String#hashCode} and the same polynomial with
     * another odd multiplier. A collision costs a query, never a wrong answer, so speed matters more than strength.
     */
    static long digest(String item) {
        int other = 0;
        for (int i = 0; i < item.length(); i++) {
            other = other * 0x01000193 + item.charAt(i);
        }
        return ((long) item.hashCode() << 32) | (other & 0xFFFF_FFFFL);
    }
}
