package io.takfed.missions;

import io.takfed.configuration.TakfedSettings;
import io.takfed.connector.api.ReceivedRol;
import io.takfed.connector.api.RolLink;
import io.takfed.connector.api.RolMessage;
import io.takfed.node.NodeIdentity;
import io.takfed.peers.FederationPeer;
import io.takfed.peers.JsonStringList;
import io.takfed.transport.TransportGateway;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Mission federation over v2, once a second, in one transaction: applies what peers sent (acknowledged to the
 * transport only after the commit, so a failed transaction leaves it to be applied again), then delivers the
 * change log to every approved peer with missions on, from its cursor, in order, and moves each cursor as the
 * transport confirms delivery (see {@code RolChannel}). On a new session everything after the cursor is sent again,
 * limited to changes younger than the recency window; receivers apply each change once.
 */
@Singleton
@Startup
@DependsOn("StartupComplete")
public class MissionFederation {

    static final int BATCH = 500;
    static final int MAX_IN_FLIGHT = 5_000;
    private static final Logger LOG = Logger.getLogger(MissionFederation.class.getName());

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @EJB
    private TransportGateway transport;

    @EJB
    private NodeIdentity node;

    @Inject
    private TakfedSettings settings;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private final Map<ApplyOutcome.Kind, AtomicLong> received = new EnumMap<>(ApplyOutcome.Kind.class);

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void step() {
        try {
            receive();
            deliver();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TAKFED-M001 Mission federation step failed; retrying in 1 s", e);
            transactions.setRollbackOnly();
        }
    }

    /** How many received changes had each outcome since start. */
    public Map<ApplyOutcome.Kind, Long> receivedCounts() {
        Map<ApplyOutcome.Kind, Long> counts = new EnumMap<>(ApplyOutcome.Kind.class);
        received.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    private void receive() {
        List<ReceivedRol> arrived = transport.receivedRol(BATCH);
        if (arrived.isEmpty()) {
            return;
        }
        MissionApplier applier = new MissionApplier(em, node.nodeId(), Clock.systemUTC(),
                settings.allowFederatedDelete());
        Map<String, Long> acks = new LinkedHashMap<>();
        for (ReceivedRol rol : arrived) {
            FederationPeer peer = peer(rol.peerId(), rol.fingerprint());
            ApplyOutcome outcome = peer == null || !peer.isEnabled() || !peer.isSyncMissions()
                    ? ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "the peer is not approved for missions")
                    : applier.apply(new ReceivedChange(rol.message().program(), rol.message().payloads(),
                            peer.getId(), rol.message().provenance()));
            received.computeIfAbsent(outcome.kind(), k -> new AtomicLong()).incrementAndGet();
            if (outcome.kind() == ApplyOutcome.Kind.IGNORED) {
                LOG.log(Level.FINE, "TAKFED-M002 Ignored a ROL program from {0}: {1}",
                        new Object[] {rol.fingerprint(), outcome.detail()});
            }
            acks.put(rol.sessionId(), rol.number());
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    acks.forEach(transport::ackRol);
                }
            }
        });
    }

    private void deliver() {
        Set<Long> live = new HashSet<>();
        for (RolLink link : transport.rolLinks()) {
            FederationPeer peer = peer(link.peerId(), link.fingerprint());
            if (peer == null || !peer.isEnabled() || !peer.isSyncMissions() || !live.add(peer.getId())) {
                continue;
            }
            DeliveryCursor cursor = em.find(DeliveryCursor.class, peer.getId());
            if (cursor == null) {
                cursor = new DeliveryCursor(peer.getId());
                cursor.setDeliveredSeq(DeliveryStats.initialSeq(em, peer.getCreatedAt()));
                em.persist(cursor);
            }
            InFlight flight = inFlight.get(peer.getId());
            if (flight == null || !flight.sessionId().equals(link.sessionId())) {
                flight = new InFlight(link.sessionId(), cursor.getDeliveredSeq());
                inFlight.put(peer.getId(), flight);
                cursor.setDisconnectedAt(null);
            }
            long delivered = flight.confirm(link.confirmed());
            if (delivered > cursor.getDeliveredSeq()) {
                cursor.setDeliveredSeq(delivered);
            }
            if (flight.waiting() < MAX_IN_FLIGHT) {
                send(peer, link, flight);
            }
        }
        for (Long gone : new ArrayList<>(inFlight.keySet())) {
            if (!live.contains(gone)) {
                inFlight.remove(gone);
                DeliveryCursor cursor = em.find(DeliveryCursor.class, gone);
                if (cursor != null && cursor.getDisconnectedAt() == null) {
                    cursor.setDisconnectedAt(Instant.now());
                }
            }
        }
    }

    private void send(FederationPeer peer, RolLink link, InFlight flight) {
        List<MissionChange> next = em.createQuery("select c from MissionChange c where c.seq > :after order by c.seq",
                MissionChange.class).setParameter("after", flight.lastScanned()).setMaxResults(BATCH).getResultList();
        if (next.isEmpty()) {
            return;
        }
        List<String> filter = JsonStringList.read(peer.getMissionFilter());
        Instant oldest = settings.missionRecencySeconds() < 0 ? null
                : Instant.now().minusSeconds(settings.missionRecencySeconds());
        List<RolMessage> batch = new ArrayList<>();
        List<Long> batchSeqs = new ArrayList<>();
        List<long[]> order = new ArrayList<>();
        for (MissionChange change : next) {
            List<String> provenance = JsonStringList.read(change.getProvenance());
            boolean meant = (change.getOriginPeerId() == null || change.getOriginPeerId() != peer.getId())
                    && (peer.getNodeId() == null || !provenance.contains(peer.getNodeId()))
                    && MissionFilter.admits(filter, change.getMissionName())
                    && (oldest == null || !change.getOccurredAt().isBefore(oldest));
            if (meant) {
                batch.add(new RolMessage(change.getProgram(), payloads(change), provenance));
                batchSeqs.add(change.getSeq());
            }
            order.add(new long[] {change.getSeq(), meant ? 1 : 0});
        }
        long lastTicket = batch.isEmpty() ? 0 : transport.sendRol(link.sessionId(), batch);
        long ticket = lastTicket - batch.size();
        for (long[] scanned : order) {
            if (scanned[1] == 1) {
                flight.sent(scanned[0], ++ticket);
            } else {
                flight.skipped(scanned[0]);
            }
        }
    }

    private List<byte[]> payloads(MissionChange change) {
        if (change.getResourceHash() == null) {
            return List.of();
        }
        MissionResource file = em.find(MissionResource.class, change.getResourceHash());
        return file == null ? List.of() : List.of(file.getData());
    }

    private FederationPeer peer(long peerId, String fingerprint) {
        if (peerId != 0) {
            return em.find(FederationPeer.class, peerId);
        }
        if (fingerprint == null) {
            return null;
        }
        return em.createNamedQuery(FederationPeer.BY_FINGERPRINT, FederationPeer.class)
                .setParameter("fingerprint", fingerprint).getResultStream().findFirst().orElse(null);
    }
}
