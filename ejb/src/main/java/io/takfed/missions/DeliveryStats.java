package io.takfed.missions;

import io.takfed.peers.FederationPeer;
import io.takfed.peers.JsonStringList;
import io.takfed.peers.SyncStats;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * A peer's mission-delivery counts, derived from the change log and its cursor alone: {@code total} the changes
 * meant for it since it was added (by the rules delivery follows: origin, provenance, groups, hop limit, mission
 * filter), {@code sent} those its cursor has passed, {@code failed} its dead letters, {@code pending} the rest. A
 * filter or group change applies to pending changes at once, since nothing is stored per change.
 */
public final class DeliveryStats {

    private DeliveryStats() {
    }

    public static SyncStats of(EntityManager em, long peerId) {
        FederationPeer peer = em.find(FederationPeer.class, peerId);
        if (peer == null || !peer.isSyncMissions()) {
            return new SyncStats(0, 0, 0, 0);
        }
        DeliveryCursor cursor = em.find(DeliveryCursor.class, peerId);
        // What was made before the peer was added is not meant for it, so it is not counted at all.
        long start = initialSeq(em, peer.getCreatedAt());
        long delivered = cursor == null ? start : cursor.getDeliveredSeq();
        // One row per kind of change, not per change: the rules depend on these columns only.
        List<Object[]> kinds = em.createQuery("select c.missionName, c.originPeerId, c.provenance, c.groups, count(c), "
                        + "sum(case when c.seq <= :delivered then 1 else 0 end) from MissionChange c "
                        + "where c.seq > :start group by c.missionName, c.originPeerId, c.provenance, c.groups",
                        Object[].class)
                .setParameter("delivered", delivered).setParameter("start", start).getResultList();
        long total = 0;
        long sent = 0;
        for (Object[] kind : kinds) {
            if (MissionDelivery.meant(peer, (Long) kind[1], JsonStringList.read((String) kind[2]),
                    JsonStringList.read((String) kind[3]), (String) kind[0])) {
                total += ((Number) kind[4]).longValue();
                sent += kind[5] == null ? 0 : ((Number) kind[5]).longValue();
            }
        }
        long failed = em.createQuery("select count(d) from DeadLetter d where d.peerId = :peer", Long.class)
                .setParameter("peer", peerId).getSingleResult();
        // Dead letters lie below the cursor (delivery went on after them): they are failed, not sent.
        long confirmed = Math.max(0, sent - failed);
        return new SyncStats(total, confirmed, Math.max(0, total - confirmed - failed), failed);
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
