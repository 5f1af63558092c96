package io.takfed.peers;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** Federation-server administration, one transaction per call. */
@Stateless
public class PeerService {

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @EJB
    private SecretStore secrets;

    /** Applies an administrator's change to the links at once rather than at the next two-second round. */
    @EJB
    private FederationSync sync;

    @jakarta.inject.Inject
    private io.takfed.configuration.TakfedSettings settings;

    @EJB
    private io.takfed.missions.MissionFederation missionFederation;

    @EJB
    private io.takfed.missions.MissionReceiver missionReceiver;

    @EJB
    private io.takfed.missions.DeliveryCounts deliveryCounts;

    @EJB
    private io.takfed.missions.DeliverySessions deliverySessions;

    private PeerCatalog catalog() {
        return new PeerCatalog(em, secrets.cipher());
    }

    public List<PeerView> list() {
        return catalog().list();
    }

    public PeerView get(long id) {
        return catalog().get(id);
    }

    /** {@code actor}: who asks, for the audit trail (the API token's name). */
    public PeerView create(PeerPatch patch, String actor) {
        PeerView created = catalog().create(patch);
        audit().record(actor, "peer.created", target(created), "fields " + fields(patch));
        sync.soon();
        return created;
    }

    public PeerView update(long id, PeerPatch patch, String actor) {
        PeerView updated = catalog().update(id, patch);
        audit().record(actor, "peer.updated", target(updated), "fields " + fields(patch));
        sync.soon();
        return updated;
    }

    public void delete(long id, String actor) {
        PeerView deleted = catalog().get(id);
        catalog().delete(id);
        audit().record(actor, "peer.deleted", target(deleted), null);
        sync.soon();
    }

    public PeerView reject(long id, String actor) {
        PeerView rejected = catalog().reject(id);
        audit().record(actor, "peer.rejected", target(rejected), "fingerprint " + rejected.fingerprint());
        sync.soon();
        return rejected;
    }

    private io.takfed.audit.AuditTrail audit() {
        return new io.takfed.audit.AuditTrail(em);
    }

    private static String target(PeerView peer) {
        return "server " + peer.id() + " (" + peer.name() + ")";
    }

    /** The names of the fields a request set, never their values (keys and certificates stay out). */
    private static String fields(PeerPatch patch) {
        return patch.asMap().keySet().stream().map(PeerField::json).sorted().toList().toString();
    }

    public SyncStats stats(long id) {
        catalog().get(id);
        return deliveryCounts.of(id);
    }

    /** Where mission delivery to the peer stands: its cursor, retry state and live session. */
    public io.takfed.missions.DeliveryState deliveryState(long id) {
        PeerView peer = catalog().get(id);
        return io.takfed.missions.DeliveryState.of(em.find(io.takfed.missions.DeliveryCursor.class, id),
                deliverySessions.of(id), settings.allowMissionFederation(), peer.enabled(), peer.syncMissions(),
                java.time.Instant.now());
    }

    /** How many of the changes this peer sent had each outcome since takfed started (applied, duplicate, ...). */
    public java.util.Map<io.takfed.missions.ApplyOutcome.Kind, Long> receivedCounts(long id) {
        catalog().get(id);
        return missionReceiver.receivedCounts(id);
    }

    /** The changes that kept failing for this peer, oldest first. */
    public List<io.takfed.missions.DeadLetterView> deadLetters(long id) {
        catalog().get(id);
        return em.createQuery("select d, c from DeadLetter d, MissionChange c where d.peerId = :peer and c.seq = d.seq "
                + "order by d.seq", Object[].class).setParameter("peer", id).getResultList().stream().map(row -> {
                    var d = (io.takfed.missions.DeadLetter) row[0];
                    var c = (io.takfed.missions.MissionChange) row[1];
                    return new io.takfed.missions.DeadLetterView(d.getSeq(), c.getChangeType(), c.getMissionName(),
                            d.getAttempts(), d.getLastError(), d.getFailedAt());
                }).toList();
    }

    /** Sends the peer's dead letters again, from the first of them; how many there were. */
    public int redrive(long id, String actor) {
        catalog().get(id);
        int redriven = missionFederation.redrive(id);
        new io.takfed.audit.AuditTrail(em).record(actor, "peer.redriven", "server " + id, redriven + " dead letters");
        return redriven;
    }

    public PeerCredentials credentials(long id) {
        return catalog().credentials(id);
    }

    public FederationCounts counts() {
        PeerCatalog catalog = catalog();
        return new FederationCounts(catalog.count(), catalog.countEnabled(), catalog.countWithStatus(PeerStatus.CONNECTED));
    }
}
