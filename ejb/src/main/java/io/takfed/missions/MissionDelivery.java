package io.takfed.missions;

import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.RolLink;
import io.takfed.connector.api.RolMessage;
import io.takfed.peers.FederationPeer;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * One delivery step for every peer with a ROL-capable session: confirm what the transport confirmed (moving the
 * peer's cursor), then send what follows, in log order. A session that ends with changes sent but unconfirmed is a
 * failure: the next attempt waits an interval that doubles from the retry interval up to a cap, with jitter, and
 * resets on the next confirmation; when the same first change has failed {@code maxRetries} times it goes to the
 * peer's dead letters and delivery goes on after it. Nothing is ever dropped silently: dead letters are listed and
 * re-driven through the API. Runs in the caller's transaction; the in-flight map is the caller's.
 */
public final class MissionDelivery {

    /** The transport operations delivery needs. */
    public interface Transport {
        List<RolLink> rolLinks();

        long sendRol(String sessionId, List<RolMessage> messages);
    }

    /**
     * @param recencySeconds  changes older than this are not sent (TAK's disruption tolerance); -1 sends all
     * @param retryInterval   the first wait after a failure
     * @param retryCap        the longest wait
     * @param maxRetries      failures of one change before it is dead-lettered
     * @param onlyPublicMissions TAK's federateOnlyPublicMissions: only changes of public missions are sent
     */
    public record Policy(long recencySeconds, Duration retryInterval, Duration retryCap, int maxRetries,
                         boolean onlyPublicMissions) {

        /** Every mission federates, as TAK's default has it. */
        public Policy(long recencySeconds, Duration retryInterval, Duration retryCap, int maxRetries) {
            this(recencySeconds, retryInterval, retryCap, maxRetries, false);
        }
    }

    static final int BATCH = 500;
    /**
     * Changes sent and not yet confirmed per peer. Confirmation lags up to a health interval behind a takfed
     * receiver's commit, and two health intervals behind the write for a TAK receiver.
     */
    static final int MAX_IN_FLIGHT = 50_000;
    /**
     * Changes sent per peer per step (a step a second), so that one step's transaction stays bounded; above the
     * rate a receiver applies at, so the cap never is what slows a drain.
     */
    static final int MAX_PER_STEP = 25_000;
    private static final Logger LOG = Logger.getLogger(MissionDelivery.class.getName());

    private final EntityManager em;
    private final Transport transport;
    private final Policy policy;
    private final Clock clock;
    private final RandomGenerator random;
    private final Map<Long, InFlight> inFlight;
    /** Each mission's recency, looked up once per step. */
    private final Map<String, Long> recency = new java.util.HashMap<>();
    /** Each peer's delivery rule, read once per step. */
    private final Map<Long, DeliveryRule> rules = new java.util.HashMap<>();

    public MissionDelivery(EntityManager em, Transport transport, Policy policy, Clock clock, RandomGenerator random,
                           Map<Long, InFlight> inFlight) {
        this.em = em;
        this.transport = transport;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
        this.inFlight = inFlight;
    }

    public void step() {
        Set<Long> live = new HashSet<>();
        for (RolLink link : transport.rolLinks()) {
            FederationPeer peer = Peers.of(em, link.peerId(), link.fingerprint());
            if (peer == null || !peer.isEnabled() || !peer.isSyncMissions() || !live.add(peer.getId())) {
                continue;
            }
            DeliveryCursor cursor = cursor(peer);
            InFlight flight = inFlight.get(peer.getId());
            if (flight != null && !flight.sessionId().equals(link.sessionId())) {
                ended(peer, cursor, flight);
                flight = null;
            }
            if (flight == null) {
                flight = new InFlight(link.sessionId(), cursor.getDeliveredSeq());
                inFlight.put(peer.getId(), flight);
                cursor.setDisconnectedAt(null);
            }
            long delivered = flight.confirm(link.confirmed(), link.peerAcknowledges());
            if (delivered > cursor.getDeliveredSeq()) {
                cursor.setDeliveredSeq(delivered);
                succeeded(cursor);
            }
            boolean waitingToRetry = cursor.waitingToRetry(now());
            // A backlog (a peer back from an outage) goes out in batches until it is sent or the caps are reached.
            int sent = 0;
            while (!waitingToRetry && flight.waiting() < MAX_IN_FLIGHT && sent < MAX_PER_STEP) {
                int scanned = send(peer, link, flight);
                sent += scanned;
                if (scanned < BATCH) {
                    break;
                }
            }
        }
        for (Long gone : new ArrayList<>(inFlight.keySet())) {
            if (!live.contains(gone)) {
                InFlight flight = inFlight.remove(gone);
                FederationPeer peer = em.find(FederationPeer.class, gone);
                DeliveryCursor cursor = em.find(DeliveryCursor.class, gone);
                if (peer != null && cursor != null) {
                    ended(peer, cursor, flight);
                    if (cursor.getDisconnectedAt() == null) {
                        cursor.setDisconnectedAt(now());
                    }
                }
            }
        }
    }

    /** Puts the peer's dead letters back into its delivery: the cursor goes back to before the first of them. */
    public static int redrive(EntityManager em, long peerId, Map<Long, InFlight> inFlight) {
        List<DeadLetter> letters = em.createQuery("select d from DeadLetter d where d.peerId = :peer order by d.seq",
                DeadLetter.class).setParameter("peer", peerId).getResultList();
        if (letters.isEmpty()) {
            return 0;
        }
        DeliveryCursor cursor = em.find(DeliveryCursor.class, peerId);
        if (cursor != null) {
            cursor.setDeliveredSeq(Math.min(cursor.getDeliveredSeq(), letters.get(0).getSeq() - 1));
            cursor.setConsecutiveFailures(0);
            cursor.setNextAttemptAt(null);
            cursor.setLastError(null);
        }
        letters.forEach(em::remove);
        inFlight.remove(peerId);
        return letters.size();
    }

    private DeliveryCursor cursor(FederationPeer peer) {
        DeliveryCursor cursor = em.find(DeliveryCursor.class, peer.getId());
        if (cursor == null) {
            cursor = new DeliveryCursor(peer.getId());
            cursor.setDeliveredSeq(DeliveryStats.initialSeq(em, peer.getCreatedAt()));
            cursor.setIntervalSeconds((int) policy.retryInterval().toSeconds());
            em.persist(cursor);
        }
        return cursor;
    }

    private void ended(FederationPeer peer, DeliveryCursor cursor, InFlight flight) {
        if (flight == null || !flight.unconfirmed()) {
            return;
        }
        int failures = cursor.getConsecutiveFailures() + 1;
        cursor.setConsecutiveFailures(failures);
        cursor.setLastError(FederationFailure.DELIVERY_UNCONFIRMED.label());
        if (failures >= policy.maxRetries()) {
            deadLetterHead(peer, cursor, failures);
            return;
        }
        long base = policy.retryInterval().toMillis() << Math.min(failures - 1, 20);
        long capped = Math.min(base, policy.retryCap().toMillis());
        // +-20% jitter, so that peers that failed together do not retry together.
        long wait = Math.max(1, (long) (capped * (0.8 + 0.4 * random.nextDouble())));
        cursor.setIntervalSeconds((int) Math.max(1, wait / 1000));
        cursor.setNextAttemptAt(now().plusMillis(wait));
        LOG.log(Level.WARNING, "TAKFED-F014 delivery-unconfirmed: the link to {0} ended before it confirmed the "
                + "changes sent; attempt {1} of {2} in {3} ms", new Object[] {peer.getName(),
                String.valueOf(failures + 1), String.valueOf(policy.maxRetries()), String.valueOf(wait)});
    }

    /** The first change the peer should get after its cursor goes to its dead letters; delivery goes on after it. */
    private void deadLetterHead(FederationPeer peer, DeliveryCursor cursor, int attempts) {
        List<MissionChange> next = em.createQuery("select c from MissionChange c where c.seq > :after order by c.seq",
                MissionChange.class).setParameter("after", cursor.getDeliveredSeq()).setMaxResults(BATCH)
                .getResultList();
        DeliveryRule rule = rule(peer);
        for (MissionChange change : next) {
            if (rule.meant(change)) {
                em.persist(new DeadLetter(peer.getId(), change.getSeq(), attempts, cursor.getLastError(), now()));
                cursor.setDeliveredSeq(change.getSeq());
                LOG.log(Level.SEVERE, "TAKFED-M003 Change {0} failed {1} times for {2}; it is a dead letter now "
                        + "(GET /api/federation/servers/{3}/dead-letters, POST .../dead-letters/redrive)",
                        new Object[] {String.valueOf(change.getSeq()), String.valueOf(attempts), peer.getName(),
                        String.valueOf(peer.getId())});
                break;
            }
        }
        succeeded(cursor);
    }

    private void succeeded(DeliveryCursor cursor) {
        cursor.setConsecutiveFailures(0);
        cursor.setNextAttemptAt(null);
        cursor.setLastError(null);
        cursor.setIntervalSeconds((int) policy.retryInterval().toSeconds());
    }

    /**
     * Sends the next batch after what the flight scanned; how many changes it scanned. The columns the rule reads
     * come first and the programs only of the changes meant for the peer: a receiver draining a backlog scans every
     * change the peer itself sent, and skipping one then costs neither its text nor an entity.
     */
    private int send(FederationPeer peer, RolLink link, InFlight flight) {
        List<Object[]> next = em.createQuery("select c.seq, c.originPeerId, c.provenance, c.groups, c.missionName, "
                + "c.missionTool, c.occurredAt from MissionChange c where c.seq > :after order by c.seq",
                Object[].class).setParameter("after", flight.lastScanned()).setMaxResults(BATCH).getResultList();
        if (next.isEmpty()) {
            return 0;
        }
        DeliveryRule rule = rule(peer);
        List<Long> meant = new ArrayList<>();
        for (Object[] c : next) {
            if (rule.meant((Long) c[1], (String) c[2], (String) c[3], (String) c[4], (String) c[5])
                    && recent((String) c[4], (Instant) c[6])) {
                meant.add((Long) c[0]);
            }
        }
        List<RolMessage> batch = new ArrayList<>(meant.size());
        Set<Long> sent = new HashSet<>();
        for (MissionChange change : bodies(peer, meant)) {
            batch.add(new RolMessage(change.getProgram(), payloads(change), rule.list(change.getProvenance()),
                    rule.groupsSent(change.getGroups())));
            sent.add(change.getSeq());
        }
        long ticket = batch.isEmpty() ? 0 : transport.sendRol(link.sessionId(), batch) - batch.size();
        for (Object[] c : next) {
            long seq = (Long) c[0];
            if (sent.contains(seq)) {
                flight.sent(seq, ++ticket);
            } else {
                flight.skipped(seq);
            }
        }
        return next.size();
    }

    /** The peer's delivery rule, read once per step. */
    private DeliveryRule rule(FederationPeer peer) {
        return rules.computeIfAbsent(peer.getId(), id -> DeliveryRule.of(peer, policy.onlyPublicMissions()));
    }

    /** The changes {@code seqs} (ascending) in log order; read-only here, so kept out of the persistence context. */
    private List<MissionChange> bodies(FederationPeer peer, List<Long> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        Set<Long> wanted = new HashSet<>(seqs);
        // A range, not a list of keys (which Hibernate translates anew per length); the peer's own are never in it.
        List<MissionChange> range = em.createQuery("select c from MissionChange c where c.seq between :first and "
                + ":last and (c.originPeerId is null or c.originPeerId <> :peer) order by c.seq", MissionChange.class)
                .setParameter("first", seqs.get(0)).setParameter("last", seqs.get(seqs.size() - 1))
                .setParameter("peer", peer.getId()).getResultList();
        range.forEach(em::detach);
        return range.stream().filter(c -> wanted.contains(c.getSeq())).toList();
    }

    /** Within the mission's own recency if it has one, else the global one; -1 is unlimited. */
    private boolean recent(String missionName, Instant occurredAt) {
        long seconds = recency.computeIfAbsent(missionName, name -> em.createQuery(
                "select m.recencySeconds from Mission m where m.name = :name", Long.class).setParameter("name", name)
                .getResultList().stream().filter(java.util.Objects::nonNull).findFirst()
                .orElse(policy.recencySeconds()));
        return seconds < 0 || !occurredAt.isBefore(now().minusSeconds(seconds));
    }

    private List<byte[]> payloads(MissionChange change) {
        if (change.getResourceHash() == null) {
            return List.of();
        }
        MissionResource file = em.find(MissionResource.class, change.getResourceHash());
        return file == null ? List.of() : List.of(file.getData());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
