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
 * safe: only the writer's thread uses it. Bounded: at most {@link #MAX_NAMES} names and {@link #MAX_ITEMS} items,
 * least recently used first out; a mission with more items than that is asked about in queries, never held.
 */
public final class MissionIndex {

    static final int MAX_NAMES = 10_000;
    static final int MAX_ITEMS = 200_000;

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
    private final Set<Items> tooLarge = java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Items, Boolean> eldest) {
            return size() > MAX_NAMES;
        }
    });
    private int held;

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
        Set<String> loaded = load.apply(MAX_ITEMS);
        if (loaded.size() > MAX_ITEMS) {
            tooLarge.add(key);
            return null;
        }
        hold(key, loaded);
        return loaded;
    }

    void added(long missionId, String kind, String item) {
        Items key = new Items(missionId, kind);
        Set<String> known = items.get(key);
        if (known != null && known.add(item)) {
            held++;
            if (known.size() > MAX_ITEMS) {
                forget(key);
                tooLarge.add(key);
            } else {
                evictFor(key);
            }
        }
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
        held = 0;
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

    private void forget(Items key) {
        Set<String> gone = items.remove(key);
        if (gone != null) {
            held -= gone.size();
        }
        tooLarge.remove(key);
    }

    /** Drops the least recently used sets until what is held fits, never {@code keep}. */
    private void evictFor(Items keep) {
        Iterator<Map.Entry<Items, Set<String>>> eldest = items.entrySet().iterator();
        while (held > MAX_ITEMS && eldest.hasNext()) {
            Map.Entry<Items, Set<String>> entry = eldest.next();
            if (!entry.getKey().equals(keep)) {
                held -= entry.getValue().size();
                eldest.remove();
            }
        }
    }
}
