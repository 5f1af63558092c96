package io.takfed.missions;

import io.takfed.peers.SyncStats;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * A peer's mission-delivery counts, derived from the change log and its cursor alone: {@code total} the changes
 * meant for it (missions on, its filter admits the mission, not sent by it), {@code sent} those at or below its
 * cursor, {@code failed} its dead letters, {@code pending} the rest. A filter change applies to pending changes
 * at once, since nothing is stored per change.
 */
public final class DeliveryStats {

    private DeliveryStats() {
    }

    public static SyncStats of(EntityManager em, long peerId, java.time.Instant peerAdded, boolean syncMissions,
                               List<String> missionFilter) {
        if (!syncMissions) {
            return new SyncStats(0, 0, 0, 0);
        }
        DeliveryCursor cursor = em.find(DeliveryCursor.class, peerId);
        // What was made before the peer was added is not meant for it, so it is not counted at all.
        long start = initialSeq(em, peerAdded);
        long delivered = cursor == null ? start : cursor.getDeliveredSeq();
        List<Object[]> perMission = em.createQuery("select c.missionName, count(c), "
                        + "sum(case when c.seq <= :delivered then 1 else 0 end) from MissionChange c "
                        + "where c.seq > :start and (c.originPeerId is null or c.originPeerId <> :peer) "
                        + "group by c.missionName", Object[].class)
                .setParameter("delivered", delivered).setParameter("start", start).setParameter("peer", peerId)
                .getResultList();
        long total = 0;
        long sent = 0;
        for (Object[] row : perMission) {
            if (MissionFilter.admits(missionFilter, (String) row[0])) {
                total += ((Number) row[1]).longValue();
                sent += row[2] == null ? 0 : ((Number) row[2]).longValue();
            }
        }
        long failed = em.createQuery("select count(d) from DeadLetter d where d.peerId = :peer", Long.class)
                .setParameter("peer", peerId).getSingleResult();
        // Dead letters lie below the cursor (delivery went on after them): they are failed, not sent.
        long delivered2 = Math.max(0, sent - failed);
        return new SyncStats(total, delivered2, Math.max(0, total - delivered2 - failed), failed);
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
