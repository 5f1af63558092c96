package io.takfed.missions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ItemDigestsTest {

    private static List<String> uids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "ANDROID-" + i).toList();
    }

    @Test
    void everyItemHeldOrAddedIsSaidToBeThereAndOthersAreNot() {
        ItemDigests digests = new ItemDigests(uids(0, 10_000).stream());
        // More than one merge's worth, and each added twice: the second adds nothing.
        for (String uid : uids(10_000, 30_000)) {
            digests.add(uid);
            digests.add(uid);
        }
        digests.add("ANDROID-5");
        assertEquals(30_000, digests.size());
        assertTrue(uids(0, 30_000).stream().allMatch(digests::mayContain), "never a false no");
        long falseYes = uids(30_000, 130_000).stream().filter(digests::mayContain).count();
        assertEquals(0, falseYes, "64-bit digests of 30 k items: another item shares one far less than once in 10^9");
    }

    @Test
    void anEmptyMissionHasNothing() {
        ItemDigests digests = new ItemDigests(java.util.stream.Stream.empty());
        assertEquals(0, digests.size());
        assertFalse(digests.mayContain("anything"));
        digests.add("anything");
        assertTrue(digests.mayContain("anything"));
    }
}
