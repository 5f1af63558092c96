package io.takfed.missions;

import io.takfed.audit.AuditTrail;
import io.takfed.node.NodeIdentity;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Local mission administration. Reads run in the caller's transaction; each change runs in the change log writer's
 * (with its log entry and audit event, which commit together) and returns once committed.
 */
@Stateless
public class MissionService {

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @EJB
    private NodeIdentity node;

    @EJB
    private ChangeLogWriter writer;

    private MissionCatalog catalog() {
        return new MissionCatalog(em, node.nodeId(), Clock.systemUTC());
    }

    public List<MissionView> list() {
        return catalog().list();
    }

    public MissionView get(String name) {
        return catalog().get(name);
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public MissionView create(MissionDraft draft, String actor) {
        return write((catalog, audit) -> {
            MissionView created = catalog.create(draft);
            audit.record(actor, "mission.created", "mission " + created.name(), null);
            return created;
        });
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void delete(String name, String actor) {
        write((catalog, audit) -> {
            catalog.delete(name);
            audit.record(actor, "mission.deleted", "mission " + name, null);
            return null;
        });
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ContentChange addContent(String name, List<String> uids, List<String> hashes, String creatorUid) {
        return write((catalog, audit) -> catalog.addContent(name, uids, hashes, creatorUid));
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ContentChange removeContent(String name, List<String> uids, List<String> hashes, String creatorUid) {
        return write((catalog, audit) -> catalog.removeContent(name, uids, hashes, creatorUid));
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public StoredFile storeResource(String name, String filename, String mimeType, byte[] data, String submitter) {
        return write((catalog, audit) -> catalog.storeResource(name, filename, mimeType, data, submitter));
    }

    /** A change in the change log writer's transaction, returned once committed. */
    private <T> T write(BiFunction<MissionCatalog, AuditTrail, T> change) {
        String nodeId = node.nodeId();
        return writer.write(in -> change.apply(new MissionCatalog(in, nodeId, Clock.systemUTC(), writer.index()),
                new AuditTrail(in)));
    }

    /** The bytes and metadata of a stored file, or null. */
    public MissionResource resource(String hash) {
        return catalog().resource(hash);
    }

    public List<ChangeView> changes(long afterSeq, int limit) {
        return catalog().changes(afterSeq, limit);
    }
}
