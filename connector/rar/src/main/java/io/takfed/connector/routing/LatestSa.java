package io.takfed.connector.routing;

import io.takfed.wire.Frames;
import io.takfed.wire.v2.FederatedFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest position report of each uid every federate sent on its current link, so that a newcomer gets the
 * picture at once, as TAK's latest-SA buffering gives it (spec 3.5.4, 5.3). Only atoms ({@code a-*} types) are
 * kept, bounded per federate (oldest uid out first); a stale report is never handed out; a link's reports go with it.
 */
final class LatestSa {

    /** Distinct uids kept per federate: a federate with more users than this is an outlier, and memory is bounded. */
    static final int MAX_UIDS_PER_FEDERATE = 10_000;

    private final Map<Federate, Map<String, Entry>> byFederate = new ConcurrentHashMap<>();

    private record Entry(FederatedFrame frame, long staleTime) {
    }

    void record(Federate from, FederatedFrame frame) {
        Frames.header(frame).filter(h -> h.type().startsWith("a-") && !h.uid().isEmpty()).ifPresent(header -> {
            Map<String, Entry> latest = byFederate.computeIfAbsent(from, f -> new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    return size() > MAX_UIDS_PER_FEDERATE;
                }
            });
            synchronized (latest) {
                latest.remove(header.uid());
                latest.put(header.uid(), new Entry(frame, header.staleTime()));
            }
        });
    }

    /** The owner's reports that are not stale at {@code nowMillis}, oldest first. */
    List<FederatedFrame> of(Federate owner, long nowMillis) {
        Map<String, Entry> latest = byFederate.get(owner);
        if (latest == null) {
            return List.of();
        }
        List<FederatedFrame> fresh = new ArrayList<>();
        synchronized (latest) {
            for (Entry entry : latest.values()) {
                if (entry.staleTime() == 0 || entry.staleTime() > nowMillis) {
                    fresh.add(entry.frame());
                }
            }
        }
        return fresh;
    }

    void remove(Federate owner) {
        byFederate.remove(owner);
    }

    Iterable<Federate> owners() {
        return byFederate.keySet();
    }
}
