package io.takfed.connector.routing;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The groups each peer advertised, from its FederateGroups messages and its events' {@code federateGroups}, collected
 * as TAK collects them for its admin page (spec 2.3) until takfed restarts. Bounded: at most {@link #MAX_GROUPS}
 * names of at most {@link #MAX_NAME} characters a peer, and only peers in the routing table are recorded.
 */
public final class RemoteGroups {

    static final int MAX_GROUPS = 256;
    static final int MAX_NAME = 255;

    private final Map<String, Set<String>> byFingerprint = new ConcurrentHashMap<>();

    /** Adds what the peer advertised to what it advertised before. */
    public void record(String fingerprint, List<String> groups) {
        if (fingerprint == null) {
            return;
        }
        Set<String> known = byFingerprint.getOrDefault(fingerprint, Set.of());
        // Most events repeat groups already seen: only news is copied.
        if (known.containsAll(groups) || known.size() >= MAX_GROUPS) {
            return;
        }
        Set<String> next = new TreeSet<>(known);
        for (String group : groups) {
            if (group.length() <= MAX_NAME && next.size() < MAX_GROUPS) {
                next.add(group);
            }
        }
        byFingerprint.put(fingerprint, Collections.unmodifiableSet(next));
    }

    /** Every group the peer advertised, in name order; empty when it advertised none. */
    public List<String> of(String fingerprint) {
        return fingerprint == null ? List.of() : List.copyOf(byFingerprint.getOrDefault(fingerprint, Set.of()));
    }

    /** Every peer's advertised groups, for the domain to store. */
    public Map<String, List<String>> all() {
        Map<String, List<String>> all = new java.util.HashMap<>();
        byFingerprint.forEach((fingerprint, groups) -> all.put(fingerprint, List.copyOf(groups)));
        return all;
    }
}
