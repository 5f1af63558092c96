package io.takfed.node;

import jakarta.persistence.EntityManager;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resolves the node id within the caller's transaction: the configured {@code OTS_NODE_ID} wins and is
 * persisted; otherwise the persisted id; otherwise a new one, generated once and persisted.
 */
public final class NodeIds {

    static final String KEY = "node_id";
    private static final Logger LOG = Logger.getLogger(NodeIds.class.getName());

    private NodeIds() {
    }

    public static String resolve(EntityManager em, Optional<String> configured) {
        NodeSetting stored = em.find(NodeSetting.class, KEY);
        if (configured.isPresent()) {
            String id = configured.get();
            if (stored == null) {
                em.persist(new NodeSetting(KEY, id));
            } else if (!stored.getValue().equals(id)) {
                LOG.log(Level.WARNING, "TAKFED-N001 OTS_NODE_ID changes this node''s id from {0} to {1}; "
                        + "federates will see a new node", new Object[] {stored.getValue(), id});
                stored.setValue(id);
            }
            return id;
        }
        if (stored != null) {
            return stored.getValue();
        }
        String generated = "takfed-" + UUID.randomUUID();
        em.persist(new NodeSetting(KEY, generated));
        LOG.log(Level.INFO, "TAKFED-N002 Generated node id {0}; set OTS_NODE_ID to choose your own", generated);
        return generated;
    }
}
