package io.takfed.missions;

import io.takfed.configuration.TakfedSettings;
import io.takfed.peers.SyncStats;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The application's one {@link DeliveryStats}, so that every status call goes on from the tallies the last one
 * left: a dashboard polling a peer's status reads what changed since, not the whole log each time.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class DeliveryCounts {

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @Inject
    private TakfedSettings settings;

    private DeliveryStats stats;

    @PostConstruct
    void start() {
        stats = new DeliveryStats(settings.federateOnlyPublicMissions());
    }

    /** The peer's delivery counts, in the caller's transaction. */
    public SyncStats of(long peerId) {
        return stats.count(em, peerId);
    }
}
