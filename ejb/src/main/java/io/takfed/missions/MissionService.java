package io.takfed.missions;

import io.takfed.audit.AuditTrail;
import io.takfed.node.NodeIdentity;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;

/** Local mission administration, one transaction per call: the change, its log entry and its audit event. */
@Stateless
public class MissionService {

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @EJB
    private NodeIdentity node;

    private MissionCatalog catalog() {
        return new MissionCatalog(em, node.nodeId(), Clock.systemUTC());
    }

    private AuditTrail audit() {
        return new AuditTrail(em);
    }

    public List<MissionView> list() {
        return catalog().list();
    }

    public MissionView get(String name) {
        return catalog().get(name);
    }

    public MissionView create(MissionDraft draft, String actor) {
        MissionView created = catalog().create(draft);
        audit().record(actor, "mission.created", "mission " + created.name(), null);
        return created;
    }

    public void delete(String name, String actor) {
        catalog().delete(name);
        audit().record(actor, "mission.deleted", "mission " + name, null);
    }

    public ContentChange addContent(String name, List<String> uids, List<String> hashes, String creatorUid) {
        return catalog().addContent(name, uids, hashes, creatorUid);
    }

    public ContentChange removeContent(String name, List<String> uids, List<String> hashes, String creatorUid) {
        return catalog().removeContent(name, uids, hashes, creatorUid);
    }

    public StoredFile storeResource(String name, String filename, String mimeType, byte[] data, String submitter) {
        return catalog().storeResource(name, filename, mimeType, data, submitter);
    }

    /** The bytes and metadata of a stored file, or null. */
    public MissionResource resource(String hash) {
        return catalog().resource(hash);
    }

    public List<ChangeView> changes(long afterSeq, int limit) {
        return catalog().changes(afterSeq, limit);
    }
}
