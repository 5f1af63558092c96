package io.takfed.missions;

import io.takfed.configuration.TakfedSettings;
import io.takfed.connector.api.ReceivedRol;
import io.takfed.connector.api.RolLink;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Received changes applied per step (one transaction); a backlog is applied at that rate per second. */
    static final int RECEIVE_BATCH = 5_000;
    private static final int FLUSH_EVERY = 500;
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
    private final java.util.random.RandomGenerator random = new java.security.SecureRandom();
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
        List<ReceivedRol> arrived = transport.receivedRol(RECEIVE_BATCH);
        if (arrived.isEmpty()) {
            return;
        }
        MissionApplier applier = new MissionApplier(em, node.nodeId(), Clock.systemUTC(),
                settings.allowFederatedDelete());
        Map<String, Long> acks = new LinkedHashMap<>();
        int applied = 0;
        for (ReceivedRol rol : arrived) {
            FederationPeer peer = Peers.of(em, rol.peerId(), rol.fingerprint());
            ApplyOutcome outcome = peer == null || !peer.isEnabled() || !peer.isSyncMissions()
                    ? ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "the peer is not approved for missions")
                    : applier.apply(new ReceivedChange(rol.message().program(), rol.message().payloads(),
                            peer.getId(), rol.message().provenance(), JsonStringList.read(peer.getInboundGroups())));
            received.computeIfAbsent(outcome.kind(), k -> new AtomicLong()).incrementAndGet();
            if (outcome.kind() == ApplyOutcome.Kind.IGNORED) {
                LOG.log(Level.FINE, "TAKFED-M002 Ignored a ROL program from {0}: {1}",
                        new Object[] {rol.fingerprint(), outcome.detail()});
            }
            acks.put(rol.sessionId(), rol.number());
            if (++applied % FLUSH_EVERY == 0) {
                // Keeps the persistence context of a large backlog small; everything is re-read when needed.
                em.flush();
                em.clear();
            }
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
        new MissionDelivery(em, new MissionDelivery.Transport() {
            @Override
            public List<RolLink> rolLinks() {
                return transport.rolLinks();
            }

            @Override
            public long sendRol(String sessionId, List<io.takfed.connector.api.RolMessage> messages) {
                return transport.sendRol(sessionId, messages);
            }
        }, new MissionDelivery.Policy(settings.missionRecencySeconds(), settings.retryInterval(),
                settings.retryInterval().multipliedBy(32), Math.max(1, settings.maxRetries())),
                Clock.systemUTC(), random, inFlight).step();
    }

    /** Puts the peer's dead letters back into its delivery; how many there were. */
    public int redrive(long peerId) {
        return MissionDelivery.redrive(em, peerId, inFlight);
    }
}
