package io.takfed.missions;

import io.takfed.configuration.TakfedSettings;
import io.takfed.connector.api.ReceivedRol;
import io.takfed.connector.api.routing.FederateControls;
import io.takfed.missions.rol.RolReader;
import io.takfed.node.NodeIdentity;
import io.takfed.peers.FederationPeer;
import io.takfed.peers.JsonStringList;
import io.takfed.transport.TransportGateway;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies the mission changes peers send (spec 6.3), on a timer of its own so that a backlog never waits on delivery
 * nor delivery on a backlog: what arrived is applied in batches through the change log writer, each acknowledged to
 * the transport only after it committed (so a failed batch is offered and applied again). The timer fires every
 * second; a step looks for arrivals every {@link #ARRIVAL_POLL} until the next one is due.
 */
@Singleton
@Startup
@DependsOn("StartupComplete")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MissionReceiver {

    /** Received changes applied per change log write (one transaction). */
    static final int RECEIVE_BATCH = 2_000;
    /** How long one step goes on applying a backlog; the next step goes on where it ended. */
    private static final Duration RECEIVE_BUDGET = Duration.ofSeconds(30);
    /** Batches queued at the writer at once: one committing, the next ready behind it. */
    private static final int BATCHES_AT_WRITER = 2;
    /** How long a step waits for more once nothing waits, since the next step is up to a second away. */
    private static final Duration IDLE_WAIT = Duration.ofMillis(250);
    private static final Duration IDLE_POLL = Duration.ofMillis(10);
    /**
     * How long a step that found nothing goes on looking, short of the next step a second later: what arrives is
     * applied within {@link #ARRIVAL_POLL}, not at the next step.
     */
    private static final Duration ARRIVAL_WAIT = Duration.ofMillis(900);
    private static final Duration ARRIVAL_POLL = Duration.ofMillis(20);
    private static final ApplyOutcome NOT_APPROVED = ApplyOutcome.of(ApplyOutcome.Kind.IGNORED,
            "the peer is not approved for missions");
    private static final ApplyOutcome MISSIONS_OFF = ApplyOutcome.of(ApplyOutcome.Kind.IGNORED,
            "mission federation is off here (TAKFED_ALLOW_MISSION_FEDERATION=false)");
    private static final Logger LOG = Logger.getLogger(MissionReceiver.class.getName());

    @EJB
    private TransportGateway transport;

    @EJB
    private NodeIdentity node;

    @Inject
    private TakfedSettings settings;

    @EJB
    private ChangeLogWriter writer;

    private final Map<PeerOutcome, AtomicLong> received = new ConcurrentHashMap<>();
    /** Timer callbacks may overlap when a step outlasts its second; one runs at a time. */
    private final AtomicBoolean stepping = new AtomicBoolean();

    private record PeerOutcome(long peerId, ApplyOutcome.Kind kind) {
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void step() {
        if (!stepping.compareAndSet(false, true)) {
            return;
        }
        try {
            receive();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TAKFED-M005 Applying received mission changes failed; retrying in 1 s", e);
        } finally {
            stepping.set(false);
        }
    }

    /** How many received changes from this peer had each outcome since takfed started. */
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
        long began = System.nanoTime();
        long until = began + RECEIVE_BUDGET.toNanos();
        long lastArrival = 0;
        Map<String, Long> queued = new HashMap<>();
        ArrayDeque<Batch> committing = new ArrayDeque<>();
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
                // A step that found nothing looks again until its second is nearly over; one that applied waits a
                // little for more.
                long now = System.nanoTime();
                if (queued.isEmpty()) {
                    if (now - began > ARRIVAL_WAIT.toNanos() || Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    sleep(ARRIVAL_POLL);
                    continue;
                }
                if (!inBudget || now - lastArrival > IDLE_WAIT.toNanos()) {
                    return;
                }
                sleep(IDLE_POLL);
                continue;
            }
            Batch oldest = committing.poll();
            Outcomes outcomes;
            try {
                outcomes = oldest.outcomes().get();
            } catch (ExecutionException e) {
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
    private record Batch(List<ReceivedRol> messages, CompletableFuture<Outcomes> outcomes) {
    }

    /**
     * What became of each message of a batch, and the peer it came from: an inbound session knows its peer only by
     * certificate, so the id is the one the peer table gives its fingerprint.
     */
    private record Outcomes(ApplyOutcome[] kinds, long[] peerIds) {
    }

    private CompletableFuture<Outcomes> submit(List<ReceivedRol> batch) {
        // Here, on this thread, while the writer applies the batch before: the writer is what a drain waits on.
        RolReader reader = new RolReader();
        List<PreparedProgram> prepared = batch.stream()
                .map(r -> PreparedProgram.of(r.message().program(), r.message().payloads(), reader)).toList();
        try {
            return writer.submit(in -> apply(in, batch, prepared));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing received changes", e);
        }
    }

    /** Counts a committed batch's outcomes (only once committed: a write rolled back runs again) and acks it. */
    private void acknowledge(List<ReceivedRol> batch, Outcomes outcomes) {
        Map<String, Long> acks = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            ReceivedRol rol = batch.get(i);
            ApplyOutcome outcome = outcomes.kinds()[i];
            acks.put(rol.sessionId(), rol.number());
            received.computeIfAbsent(new PeerOutcome(outcomes.peerIds()[i], outcome.kind()), k -> new AtomicLong())
                    .incrementAndGet();
            if (outcome.kind() == ApplyOutcome.Kind.IGNORED) {
                LOG.log(Level.FINE, "TAKFED-M002 Ignored a ROL program from {0}: {1}",
                        new Object[] {rol.fingerprint(), outcome.detail()});
            } else if (outcome.kind() == ApplyOutcome.Kind.REFUSED) {
                // Once: a refused change is acknowledged like any other, never offered again.
                LOG.log(Level.WARNING, "TAKFED-M006 Refused a ROL program from {0}: {1}; the rest of its batch "
                        + "applies", new Object[] {rol.fingerprint(), outcome.detail()});
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
    private Outcomes apply(EntityManager in, List<ReceivedRol> batch, List<PreparedProgram> prepared) {
        Map<String, Sender> senders = new HashMap<>();
        List<ReceivedChange> changes = new ArrayList<>();
        List<PreparedProgram> programs = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        ApplyOutcome[] outcomes = new ApplyOutcome[batch.size()];
        long[] peerIds = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            ReceivedRol rol = batch.get(i);
            Sender sender = senders.computeIfAbsent(rol.peerId() + "/" + rol.fingerprint(),
                    k -> Sender.of(rol.peerId(), Peers.of(in, rol.peerId(), rol.fingerprint())));
            peerIds[i] = sender.id();
            if (!settings.allowMissionFederation()) {
                // TAK's allowMissionFederation off: what peers send is not applied either, only counted.
                outcomes[i] = MISSIONS_OFF;
            } else if (!sender.approved()) {
                outcomes[i] = NOT_APPROVED;
            } else {
                changes.add(new ReceivedChange(rol.message().program(), rol.message().payloads(), sender.id(),
                        rol.message().provenance(), sender.groups(rol)));
                programs.add(prepared.get(i));
                taken.add(i);
            }
        }
        List<ApplyOutcome> applied = new MissionApplier(in, node.nodeId(), Clock.systemUTC(),
                settings.allowFederatedDelete(), writer.index())
                .onlyPublicMissions(settings.federateOnlyPublicMissions()).applyAll(changes, programs);
        for (int j = 0; j < taken.size(); j++) {
            outcomes[taken.get(j)] = applied.get(j);
        }
        return new Outcomes(outcomes, peerIds);
    }

    /** The peer a message came from, as a batch's changes need it: read once per batch, not once per change. */
    private record Sender(long id, boolean approved, Set<String> inboundGroups, FederateControls controls) {

        /** Not approved when the peer is unknown (then counted under the session's id), disabled or without missions. */
        static Sender of(long sessionPeerId, FederationPeer peer) {
            if (peer == null) {
                return new Sender(sessionPeerId, false, Set.of(), FederateControls.NONE);
            }
            return peer.isEnabled() && peer.isSyncMissions()
                    ? new Sender(peer.getId(), true, Set.copyOf(JsonStringList.read(peer.getInboundGroups())),
                            peer.controls().forRouting())
                    : new Sender(peer.getId(), false, Set.of(), FederateControls.NONE);
        }

        /** The groups a change is received in: the peer's inbound groups, or with group mapping its own, mapped. */
        List<String> groups(ReceivedRol rol) {
            return List.copyOf(new TreeSet<>(controls.eventGroups(inboundGroups, rol.message().groups(),
                    rol.fromOurCa())));
        }
    }

}
