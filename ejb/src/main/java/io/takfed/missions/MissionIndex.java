package io.takfed.missions;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the change log writer knows of the mission tables, which only it changes: missions by name (and names known
 * to have none) and, for missions small enough to hold, every item of a kind a mission has. With it an API-sized
 * change makes no query at all (which mission, whether its items are there): those two lookups were most of a
 * write's cost, and each query also made Hibernate flush the writes before it one at a time.
 * <p>
 * It holds only what committed or what the transaction in progress wrote; the writer empties it whenever a
 * transaction rolls back ({@link GroupCommit}), and it fills again from the database as it is used. Not thread
 * safe: only the writer's thread uses it. Bounded: at most {@link #MAX_NAMES} names and {@link #MAX_ITEMS} items
 * (by default), least recently used first out. Of a mission with more items than that it holds their digests
 * instead ({@link ItemDigests}, up to {@link #MAX_DIGESTS} in all by default), so that only an item that may be
 * there is asked about in a query; beyond that every item is.
 */
public final class MissionIndex {

    static final int MAX_NAMES = 10_000;
    static final int MAX_ITEMS = 200_000;
    /** Eight bytes each: 32 MB at most. */
    static final int MAX_DIGESTS = 4_000_000;

    /** One mission's items of one kind. */
    record Items(long missionId, String kind) {
    }

    private final Map<String, Optional<Mission>> missions = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Mission>> eldest) {
            return size() > MAX_NAMES;
        }
    };
    private final LinkedHashMap<Items, Set<String>> items = new LinkedHashMap<>(64, 0.75f, true);
    /** Item sets known to be too large to hold, so not loaded again; bounded like the names, eldest first out. */
    private final Set<Items> tooLarge = boundedSet();
    private final LinkedHashMap<Items, ItemDigests> digests = new LinkedHashMap<>(16, 0.75f, true);
    /** Item sets too large even for digests: every item is asked about. Bounded like the names. */
    private final Set<Items> tooLargeToDigest = boundedSet();
    private final int maxItems;
    private final int maxDigests;
    private int held;
    private long digested;

    public MissionIndex() {
        this(MAX_ITEMS, MAX_DIGESTS);
    }

    /** With other bounds on the items and the digests it holds. */
    public MissionIndex(int maxItems, int maxDigests) {
        this.maxItems = maxItems;
        this.maxDigests = maxDigests;
    }

    /** A set of at most {@link #MAX_NAMES} item sets, the least recently used first out. */
    private static Set<Items> boundedSet() {
        return java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Items, Boolean> eldest) {
                return size() > MAX_NAMES;
            }
        });
    }

    /** The mission called {@code name}, from {@code lookup} the first time it is asked for; null when none. */
    Mission mission(String name, Function<String, Mission> lookup) {
        Optional<Mission> known = missions.get(name);
        if (known == null) {
            known = Optional.ofNullable(lookup.apply(name));
            missions.put(name, known);
        }
        return known.orElse(null);
    }

    void created(Mission mission) {
        missions.put(mission.getName(), Optional.of(mission));
        Items uids = new Items(mission.getId(), MissionContent.UID);
        Items hashes = new Items(mission.getId(), MissionContent.HASH);
        forget(uids);
        forget(hashes);
        hold(uids, new HashSet<>());
        hold(hashes, new HashSet<>());
    }

    void deleted(Mission mission) {
        missions.put(mission.getName(), Optional.empty());
        forget(new Items(mission.getId(), MissionContent.UID));
        forget(new Items(mission.getId(), MissionContent.HASH));
    }

    /**
     * All the mission's items of the kind, from {@code load} the first time (which gets at most {@code limit + 1}
     * of them); null when the mission has too many to hold, and the caller asks the database instead.
     */
    Set<String> items(long missionId, String kind, Function<Integer, Set<String>> load) {
        Items key = new Items(missionId, kind);
        Set<String> known = items.get(key);
        if (known != null || tooLarge.contains(key)) {
            return known;
        }
        Set<String> loaded = load.apply(maxItems);
        if (loaded.size() > maxItems) {
            tooLarge.add(key);
            return null;
        }
        hold(key, loaded);
        return loaded;
    }

    /**
     * The digests of the items of a mission {@link #items} found too large to hold, from {@code load} the first
     * time; null when there are too many even for digests, and the caller asks the database about every item.
     */
    ItemDigests digests(long missionId, String kind, java.util.function.Supplier<ItemDigests> load) {
        Items key = new Items(missionId, kind);
        ItemDigests known = digests.get(key);
        if (known != null || tooLargeToDigest.contains(key)) {
            return known;
        }
        ItemDigests loaded = load.get();
        if (loaded.size() > maxDigests) {
            tooLargeToDigest.add(key);
            return null;
        }
        digests.put(key, loaded);
        digested += loaded.size();
        evictDigestsFor(key);
        return loaded;
    }

    void added(long missionId, String kind, String item) {
        Items key = new Items(missionId, kind);
        ItemDigests digest = digests.get(key);
        if (digest != null) {
            int before = digest.size();
            digest.add(item);
            digested += digest.size() - before;
            if (digest.size() > maxDigests) {
                forget(key);
                tooLarge.add(key);
                tooLargeToDigest.add(key);
            } else {
                evictDigestsFor(key);
            }
        }
        Set<String> known = items.get(key);
        if (known != null && known.add(item)) {
            held++;
            if (known.size() > maxItems) {
                forget(key);
                tooLarge.add(key);
                digest(key, known);
            } else {
                evictFor(key);
            }
        }
    }

    /**
     * A held set holds every item of its mission, so its digests are made from it rather than read from the database:
     * reading a mission's 200 k items again held up every write queued behind the one that crossed the bound.
     */
    private void digest(Items key, Set<String> every) {
        if (every.size() > maxDigests) {
            tooLargeToDigest.add(key);
            return;
        }
        digests.put(key, new ItemDigests(every.stream()));
        digested += every.size();
        evictDigestsFor(key);
    }

    void removed(long missionId, String kind, String item) {
        Set<String> known = items.get(new Items(missionId, kind));
        if (known != null && known.remove(item)) {
            held--;
        }
    }

    /** Forgets everything, as after a rollback: what it held may not have committed. */
    public void reset() {
        missions.clear();
        items.clear();
        tooLarge.clear();
        digests.clear();
        tooLargeToDigest.clear();
        held = 0;
        digested = 0;
    }

    /** Items held now, for tests and metrics. */
    int held() {
        return held;
    }

    private void hold(Items key, Set<String> loaded) {
        items.put(key, loaded);
        held += loaded.size();
        evictFor(key);
    }

    /** Digests held now, for tests. */
    long digested() {
        return digested;
    }

    private void forget(Items key) {
        Set<String> gone = items.remove(key);
        if (gone != null) {
            held -= gone.size();
        }
        tooLarge.remove(key);
        ItemDigests undigested = digests.remove(key);
        if (undigested != null) {
            digested -= undigested.size();
        }
        tooLargeToDigest.remove(key);
    }

    private void evictFor(Items keep) {
        held = (int) evict(items, held, maxItems, keep, Set::size);
    }

    private void evictDigestsFor(Items keep) {
        digested = evict(digests, digested, maxDigests, keep, ItemDigests::size);
    }

    /** Drops the least recently used entries until {@code total} fits {@code max}, never {@code keep}; the new total. */
    private static <V> long evict(LinkedHashMap<Items, V> held, long total, long max, Items keep,
                                  java.util.function.ToIntFunction<V> size) {
        Iterator<Map.Entry<Items, V>> eldest = held.entrySet().iterator();
        while (total > max && eldest.hasNext()) {
            Map.Entry<Items, V> entry = eldest.next();
            if (!entry.getKey().equals(keep)) {
                total -= size.applyAsInt(entry.getValue());
                eldest.remove();
            }
        }
        return total;
    }
}
