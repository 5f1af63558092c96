package io.takfed.missions;

import io.takfed.peers.FederationPeer;
import io.takfed.peers.SyncStats;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A peer's mission-delivery counts, derived from the change log and its cursor alone: {@code total} the changes
 * meant for it since it was added (by the rules delivery follows: origin, provenance, groups, hop limit, mission
 * filter, public missions only), {@code sent} those its cursor has passed, {@code failed} its dead letters,
 * {@code pending} the rest. A filter or group change applies to pending changes at once, since nothing is stored per
 * change.
 * <p>
 * The rules depend on five columns only, so the log is tallied per kind of change (those five values), and an
 * instance keeps each peer's tally: the next count reads only the changes logged since, and those the cursor passed
 * since, so a status call costs what changed, not the whole log. This relies on the log being append-only and
 * written in sequence order (one writer, {@link GroupCommit}); a cursor that moved back is tallied afresh.
 */
public final class DeliveryStats {

    private final Map<Long, Tally> tallies = new ConcurrentHashMap<>();
    private final boolean onlyPublicMissions;

    /** The five columns the delivery rules read. */
    private record Kind(String missionName, Long originPeerId, String provenance, String groups, String tool) {
    }

    /** Counting as delivery does with TAK's federateOnlyPublicMissions {@code onlyPublicMissions}. */
    public DeliveryStats(boolean onlyPublicMissions) {
        this.onlyPublicMissions = onlyPublicMissions;
    }

    /** One peer's tally of the log in {@code (start, upTo]}, with what lies at or below {@code delivered} as sent. */
    private static final class Tally {
        private final java.time.Instant peerAdded;
        private final long start;
        private long upTo;
        private long delivered;
        private final Map<Kind, long[]> kinds = new HashMap<>();

        private Tally(java.time.Instant peerAdded, long start) {
            this.peerAdded = peerAdded;
            this.start = start;
            reset();
        }

        /** Back to nothing tallied, for a cursor that moved back. */
        private void reset() {
            upTo = start;
            delivered = start;
            kinds.clear();
        }

        /** Adds rows of {@link #kinds(EntityManager, long, long, long)}: their sent counts, and their totals too. */
        private void add(List<Object[]> rows, boolean totals) {
            for (Object[] row : rows) {
                long[] counts = kinds.computeIfAbsent(new Kind((String) row[0], (Long) row[1], (String) row[2],
                        (String) row[3], (String) row[4]), k -> new long[2]);
                counts[0] += totals ? ((Number) row[5]).longValue() : 0;
                counts[1] += row[6] == null ? 0 : ((Number) row[6]).longValue();
            }
        }
    }

    /** Counted from the whole log, with no tally kept, every mission federating. */
    public static SyncStats of(EntityManager em, long peerId) {
        return new DeliveryStats(false).count(em, peerId);
    }

    /** Counted from this instance's tally of the peer, brought up to date first. */
    public SyncStats count(EntityManager em, long peerId) {
        FederationPeer peer = em.find(FederationPeer.class, peerId);
        if (peer == null || !peer.isSyncMissions()) {
            return new SyncStats(0, 0, 0, 0);
        }
        DeliveryCursor cursor = em.find(DeliveryCursor.class, peerId);
        Tally tally = tallies.get(peerId);
        if (tally == null || !java.util.Objects.equals(tally.peerAdded, peer.getCreatedAt())) {
            // What was made before the peer was added is not meant for it, so it is not counted at all.
            tally = new Tally(peer.getCreatedAt(), initialSeq(em, peer.getCreatedAt()));
            tallies.put(peerId, tally);
        }
        long total = 0;
        long sent = 0;
        synchronized (tally) {
            long delivered = Math.max(tally.start, cursor == null ? tally.start : cursor.getDeliveredSeq());
            if (delivered < tally.delivered) {
                tally.reset();
            }
            update(em, tally, delivered);
            DeliveryRule rule = DeliveryRule.of(peer, onlyPublicMissions);
            for (Map.Entry<Kind, long[]> kind : tally.kinds.entrySet()) {
                Kind k = kind.getKey();
                if (rule.meant(k.originPeerId(), k.provenance(), k.groups(), k.missionName(), k.tool())) {
                    total += kind.getValue()[0];
                    sent += kind.getValue()[1];
                }
            }
        }
        long failed = em.createQuery("select count(d) from DeadLetter d where d.peerId = :peer", Long.class)
                .setParameter("peer", peerId).getSingleResult();
        // Dead letters lie below the cursor (delivery went on after them): they are failed, not sent.
        long confirmed = Math.max(0, sent - failed);
        return new SyncStats(total, confirmed, Math.max(0, total - confirmed - failed), failed);
    }

    /** Adds what the cursor passed since the tally was taken, then what was logged since. */
    private static void update(EntityManager em, Tally tally, long delivered) {
        long last = em.createQuery("select coalesce(max(c.seq), 0) from MissionChange c", Long.class)
                .getSingleResult();
        long passed = Math.min(delivered, tally.upTo);
        if (passed > tally.delivered) {
            // Counted in the totals already; only now sent.
            tally.add(kinds(em, tally.delivered, passed, delivered), false);
        }
        if (last > tally.upTo) {
            tally.add(kinds(em, tally.upTo, last, delivered), true);
            tally.upTo = last;
        }
        tally.delivered = delivered;
    }

    /** The changes in {@code (from, to]} per kind: the five columns, how many, and how many at or below the cursor. */
    private static List<Object[]> kinds(EntityManager em, long from, long to, long delivered) {
        return em.createQuery("select c.missionName, c.originPeerId, c.provenance, c.groups, c.missionTool, count(c), "
                + "sum(case when c.seq <= :delivered then 1 else 0 end) from MissionChange c "
                + "where c.seq > :from and c.seq <= :to "
                + "group by c.missionName, c.originPeerId, c.provenance, c.groups, c.missionTool", Object[].class)
                .setParameter("delivered", delivered).setParameter("from", from).setParameter("to", to)
                .getResultList();
    }

    /**
     * Where a peer's cursor starts: after the last change made before the peer was added. TAK sends a federate it
     * has never seen no history; what changed since the peer was added is its to receive.
     */
    static long initialSeq(EntityManager em, java.time.Instant peerAdded) {
        if (peerAdded == null) {
            return 0;
        }
        Long before = em.createQuery("select max(c.seq) from MissionChange c where c.occurredAt < :added", Long.class)
                .setParameter("added", peerAdded).getSingleResult();
        return before == null ? 0 : before;
    }
}
