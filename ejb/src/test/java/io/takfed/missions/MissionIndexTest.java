package io.takfed.missions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MissionIndexTest {

    private final MissionIndex index = new MissionIndex();
    private final AtomicInteger loads = new AtomicInteger();

    private Set<String> load(int count, int limit) {
        loads.incrementAndGet();
        return IntStream.range(0, Math.min(count, limit + 1)).mapToObj(i -> "uid-" + i)
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void aMissionIsLookedUpOnceAndSoIsTheLackOfOne() {
        Mission ops = new Mission();
        ops.setName("ops");
        AtomicInteger lookups = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertSame(ops, index.mission("ops", n -> {
                lookups.incrementAndGet();
                return ops;
            }));
            assertNull(index.mission("none", n -> {
                lookups.incrementAndGet();
                return null;
            }));
        }
        assertEquals(2, lookups.get());
        index.reset();
        index.mission("ops", n -> {
            lookups.incrementAndGet();
            return ops;
        });
        assertEquals(3, lookups.get(), "a reset forgets what it knew");
    }

    @Test
    void itemsAreLoadedOnceThenKeptCurrent() {
        assertEquals(3, index.items(1, MissionContent.UID, limit -> load(3, limit)).size());
        index.added(1, MissionContent.UID, "new");
        index.removed(1, MissionContent.UID, "uid-0");
        Set<String> items = index.items(1, MissionContent.UID, limit -> load(3, limit));
        assertEquals(Set.of("uid-1", "uid-2", "new"), items);
        assertEquals(1, loads.get());
        assertEquals(3, index.held());
        // Another kind, another mission: loaded of their own.
        index.items(1, MissionContent.HASH, limit -> load(0, limit));
        index.items(2, MissionContent.UID, limit -> load(1, limit));
        assertEquals(3, loads.get());
    }

    @Test
    void aMissionTooLargeToHoldIsNeverHeldAndOthersMakeRoomLeastRecentFirst() {
        assertNull(index.items(1, MissionContent.UID, limit -> load(MissionIndex.MAX_ITEMS + 5, limit)));
        assertNull(index.items(1, MissionContent.UID, limit -> load(MissionIndex.MAX_ITEMS + 5, limit)));
        assertEquals(1, loads.get(), "known to be too large, it is not loaded again");
        assertEquals(0, index.held());

        int half = MissionIndex.MAX_ITEMS / 2;
        index.items(2, MissionContent.UID, limit -> load(half, limit));
        index.items(3, MissionContent.UID, limit -> load(half, limit));
        index.items(2, MissionContent.UID, limit -> load(half, limit));
        index.items(4, MissionContent.UID, limit -> load(10, limit));
        assertTrue(index.held() <= MissionIndex.MAX_ITEMS, "held " + index.held());
        int before = loads.get();
        index.items(2, MissionContent.UID, limit -> load(half, limit));
        assertEquals(before, loads.get(), "the most recently used set stayed");
        index.items(3, MissionContent.UID, limit -> load(half, limit));
        assertEquals(before + 1, loads.get(), "the least recently used set made room");
    }

    @Test
    void aHeldSetThatGrowsPastTheBoundIsDropped() {
        index.items(1, MissionContent.UID, limit -> load(MissionIndex.MAX_ITEMS, limit));
        index.added(1, MissionContent.UID, "one-too-many");
        assertEquals(0, index.held());
        assertNull(index.items(1, MissionContent.UID, limit -> load(MissionIndex.MAX_ITEMS + 1, limit)));
        assertEquals(1, loads.get(), "from then on the database answers for it");
    }

    @Test
    void whatItRemembersOfSetsTooLargeToHoldIsBoundedToo() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        // A set that only reports its size: the index asks no more of one too large to hold.
        Function<Integer, Set<String>> tooLarge = limit -> {
            asked.incrementAndGet();
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<String> iterator() {
                    return java.util.Collections.emptyIterator();
                }

                @Override
                public int size() {
                    return MissionIndex.MAX_ITEMS + 1;
                }
            };
        };
        for (long mission = 1; mission <= MissionIndex.MAX_NAMES + 1; mission++) {
            assertNull(index.items(mission, MissionContent.UID, tooLarge));
        }
        index.items(MissionIndex.MAX_NAMES + 1, MissionContent.UID, tooLarge);
        assertEquals(MissionIndex.MAX_NAMES + 1, asked.get(), "the latest is remembered");
        index.items(1, MissionContent.UID, tooLarge);
        assertEquals(MissionIndex.MAX_NAMES + 2, asked.get(), "the eldest was forgotten, so it is asked about again");
    }

    /** A loader of digests for {@code count} items, counting its calls in {@link #loads}. */
    private java.util.function.Supplier<ItemDigests> digestsOf(int count) {
        return () -> {
            loads.incrementAndGet();
            return new ItemDigests(IntStream.range(0, count).mapToObj(i -> "uid-" + i));
        };
    }

    @Test
    void aMissionTooLargeToHoldHasItsItemsDigestedOnceAndKeptCurrent() {
        MissionIndex small = new MissionIndex(10, 100);
        assertNull(small.items(1, MissionContent.UID, limit -> load(11, limit)));
        ItemDigests digests = small.digests(1, MissionContent.UID, digestsOf(50));
        assertTrue(digests.mayContain("uid-49"));
        assertFalse(digests.mayContain("new"));
        small.added(1, MissionContent.UID, "new");
        assertSame(digests, small.digests(1, MissionContent.UID, digestsOf(50)));
        assertTrue(digests.mayContain("new"), "what the writer adds is digested as it goes");
        assertEquals(51, small.digested());
        assertEquals(2, loads.get(), "the items once, the digests once");
        small.reset();
        small.digests(1, MissionContent.UID, digestsOf(50));
        assertEquals(3, loads.get(), "a rollback's reset forgets them");
    }

    @Test
    void aHeldSetThatGrowsPastTheBoundBecomesItsDigestsWithoutAskingTheDatabase() {
        MissionIndex small = new MissionIndex(10, 100);
        small.items(1, MissionContent.UID, limit -> load(10, limit));
        small.added(1, MissionContent.UID, "the-eleventh");
        assertEquals(0, small.held());
        assertNull(small.items(1, MissionContent.UID, limit -> load(11, limit)), "too large to hold now");
        ItemDigests digests = small.digests(1, MissionContent.UID, digestsOf(11));
        assertEquals(1, loads.get(), "only the first load: the digests came from the set it held");
        assertEquals(11, small.digested());
        assertTrue(digests.mayContain("uid-0") && digests.mayContain("uid-9") && digests.mayContain("the-eleventh"),
                "every item it held, and the one that crossed the bound");
        assertFalse(digests.mayContain("uid-10"));
    }

    @Test
    void aHeldSetTooLargeEvenForDigestsIsAskedAboutItemByItem() {
        MissionIndex tiny = new MissionIndex(10, 10);
        tiny.items(1, MissionContent.UID, limit -> load(10, limit));
        tiny.added(1, MissionContent.UID, "the-eleventh");
        assertNull(tiny.digests(1, MissionContent.UID, digestsOf(11)));
        assertEquals(1, loads.get(), "nothing is loaded for it again");
        assertEquals(0, tiny.digested());
    }

    @Test
    void digestsAreBoundedLeastRecentFirstAndAMissionTooLargeForThemIsAskedAboutItemByItem() {
        MissionIndex small = new MissionIndex(10, 100);
        small.digests(1, MissionContent.UID, digestsOf(60));
        small.digests(2, MissionContent.UID, digestsOf(60));
        assertTrue(small.digested() <= 100, "digested " + small.digested());
        small.digests(2, MissionContent.UID, digestsOf(60));
        assertEquals(2, loads.get(), "the most recent stayed");
        small.digests(1, MissionContent.UID, digestsOf(60));
        assertEquals(3, loads.get(), "the eldest made room");

        assertNull(small.digests(3, MissionContent.UID, digestsOf(101)));
        assertNull(small.digests(3, MissionContent.UID, digestsOf(101)));
        assertEquals(4, loads.get(), "known to be too large for digests, it is not loaded again");

        small.digests(4, MissionContent.UID, digestsOf(100));
        small.added(4, MissionContent.UID, "one-too-many");
        assertNull(small.digests(4, MissionContent.UID, digestsOf(101)));
        assertEquals(5, loads.get(), "grown past the bound, its digests are dropped and not loaded again");
        assertNull(small.items(4, MissionContent.UID, limit -> load(11, limit)));
        assertEquals(5, loads.get(), "nor its items");
    }
}
