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
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Mission federation over v2, once a second: applies what peers sent, in batches through the change log writer, each
 * acknowledged to the transport only after it committed (so a failed batch is applied again); then, in the step's
 * own transaction, delivers the change log to every approved peer with missions on, from its cursor, in order, and
 * moves each cursor as the transport confirms delivery (see {@code RolChannel}). On a new session everything after
 * the cursor is sent again, limited to changes younger than the recency window; receivers apply each change once.
 */
@Singleton
@Startup
@DependsOn("StartupComplete")
public class MissionFederation {

    /** Received changes applied per change log write (one transaction). */
    static final int RECEIVE_BATCH = 2_000;
    /** How long one step goes on applying a backlog before it delivers and lets the next step go on. */
    private static final Duration RECEIVE_BUDGET = Duration.ofSeconds(3);
    /** Batches queued at the writer at once: one committing, the next ready behind it. */
    private static final int BATCHES_AT_WRITER = 2;
    /** How long a step waits for more once nothing waits, since the next step is up to a second away. */
    private static final Duration IDLE_WAIT = Duration.ofMillis(250);
    private static final Duration IDLE_POLL = Duration.ofMillis(10);
    private static final ApplyOutcome NOT_APPROVED = ApplyOutcome.of(ApplyOutcome.Kind.IGNORED,
            "the peer is not approved for missions");
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
    private final Map<PeerOutcome, AtomicLong> received = new ConcurrentHashMap<>();

    @EJB
    private ChangeLogWriter writer;

    private record PeerOutcome(long peerId, ApplyOutcome.Kind kind) {
    }

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

    /** How many received changes from this peer had each outcome since takfed started. */
    @Lock(LockType.READ)
    public Map<ApplyOutcome.Kind, Long> receivedCounts(long peerId) {
        Map<ApplyOutcome.Kind, Long> counts = new EnumMap<>(ApplyOutcome.Kind.class);
        for (ApplyOutcome.Kind kind : ApplyOutcome.Kind.values()) {
            AtomicLong count = received.get(new PeerOutcome(peerId, kind));
            counts.put(kind, count == null ? 0 : count.get());
        }
        return counts;
    }

    /**
     * Applies what peers sent, a batch per change log write, until nothing has arrived for {@link #IDLE_WAIT} or the
     * step's time is up. The next batch is queued at the writer while the one before commits, so the writer never
     * waits on this loop. Each batch is acknowledged to the transport once it committed, in order; after a batch
     * fails nothing more is acknowledged this step, so the transport offers it (and what followed) again and the
     * receiver's idempotence absorbs what did commit.
     */
    private void receive() {
        long until = System.nanoTime() + RECEIVE_BUDGET.toNanos();
        long lastArrival = 0;
        Map<String, Long> queued = new HashMap<>();
        java.util.ArrayDeque<Batch> committing = new java.util.ArrayDeque<>();
        while (true) {
            boolean inBudget = System.nanoTime() < until;
            if (inBudget && committing.size() < BATCHES_AT_WRITER) {
                // The transport offers what is not yet acknowledged, so skip what is queued already.
                List<ReceivedRol> fresh = transport.receivedRol(RECEIVE_BATCH * BATCHES_AT_WRITER).stream()
                        .filter(r -> r.number() > queued.getOrDefault(r.sessionId(), 0L)).limit(RECEIVE_BATCH)
                        .toList();
                if (!fresh.isEmpty()) {
                    fresh.forEach(r -> queued.merge(r.sessionId(), r.number(), Math::max));
                    committing.add(new Batch(fresh, submit(fresh)));
                    lastArrival = System.nanoTime();
                    continue;
                }
            }
            if (committing.isEmpty()) {
                // A step that found nothing ends at once; one that applied waits a little for more.
                if (!inBudget || queued.isEmpty() || System.nanoTime() - lastArrival > IDLE_WAIT.toNanos()) {
                    return;
                }
                sleep(IDLE_POLL);
                continue;
            }
            Batch oldest = committing.poll();
            ApplyOutcome[] outcomes;
            try {
                outcomes = oldest.outcomes().get();
            } catch (java.util.concurrent.ExecutionException e) {
                committing.forEach(b -> b.outcomes().exceptionally(t -> null).join());
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while applying received changes", e);
            }
            acknowledge(oldest.messages(), outcomes);
        }
    }

    /** Received messages queued at the change log writer, and what became of each once it committed. */
    private record Batch(List<ReceivedRol> messages, java.util.concurrent.CompletableFuture<ApplyOutcome[]> outcomes) {
    }

    private java.util.concurrent.CompletableFuture<ApplyOutcome[]> submit(List<ReceivedRol> batch) {
        try {
            return writer.submit(in -> apply(in, batch));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing received changes", e);
        }
    }

    /** Counts a committed batch's outcomes (only once committed: a write rolled back runs again) and acks it. */
    private void acknowledge(List<ReceivedRol> batch, ApplyOutcome[] outcomes) {
        Map<String, Long> acks = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            ReceivedRol rol = batch.get(i);
            acks.put(rol.sessionId(), rol.number());
            received.computeIfAbsent(new PeerOutcome(rol.peerId(), outcomes[i].kind()), k -> new AtomicLong())
                    .incrementAndGet();
            if (outcomes[i].kind() == ApplyOutcome.Kind.IGNORED) {
                LOG.log(Level.FINE, "TAKFED-M002 Ignored a ROL program from {0}: {1}",
                        new Object[] {rol.fingerprint(), outcomes[i].detail()});
            }
        }
        acks.forEach(transport::ackRol);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Applies one batch in the writer's transaction; what became of each message. */
    private ApplyOutcome[] apply(EntityManager in, List<ReceivedRol> batch) {
        Map<String, FederationPeer> peers = new HashMap<>();
        List<ReceivedChange> changes = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        ApplyOutcome[] outcomes = new ApplyOutcome[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            ReceivedRol rol = batch.get(i);
            FederationPeer peer = peers.computeIfAbsent(rol.peerId() + "/" + rol.fingerprint(),
                    k -> Peers.of(in, rol.peerId(), rol.fingerprint()));
            if (peer == null || !peer.isEnabled() || !peer.isSyncMissions()) {
                outcomes[i] = NOT_APPROVED;
            } else {
                changes.add(new ReceivedChange(rol.message().program(), rol.message().payloads(), peer.getId(),
                        rol.message().provenance(), JsonStringList.read(peer.getInboundGroups())));
                taken.add(i);
            }
        }
        List<ApplyOutcome> applied = new MissionApplier(in, node.nodeId(), Clock.systemUTC(),
                settings.allowFederatedDelete(), writer.index()).applyAll(changes);
        for (int j = 0; j < taken.size(); j++) {
            outcomes[taken.get(j)] = applied.get(j);
        }
        return outcomes;
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
