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

    private PeerCatalog catalog() {
        return new PeerCatalog(em, secrets.cipher());
    }

    public List<PeerView> list() {
        return catalog().list();
    }

    public PeerView get(long id) {
        return catalog().get(id);
    }

    public PeerView create(PeerPatch patch) {
        return catalog().create(patch);
    }

    public PeerView update(long id, PeerPatch patch) {
        return catalog().update(id, patch);
    }

    public void delete(long id) {
        catalog().delete(id);
    }

    public PeerView reject(long id) {
        return catalog().reject(id);
    }

    public SyncStats stats(long id) {
        catalog().get(id);
        return SyncStats.noChangeLogYet();
    }

    public PeerCredentials credentials(long id) {
        return catalog().credentials(id);
    }

    public FederationCounts counts() {
        PeerCatalog catalog = catalog();
        return new FederationCounts(catalog.count(), catalog.countEnabled(), catalog.countWithStatus(PeerStatus.CONNECTED));
    }
}
