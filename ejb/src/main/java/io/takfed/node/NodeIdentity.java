package io.takfed.node;

import io.takfed.configuration.TakfedSettings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** This node's id, resolved once at start-up after the schema is migrated. */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class NodeIdentity {

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @Inject
    private TakfedSettings settings;

    private String nodeId;

    @PostConstruct
    void resolve() {
        nodeId = NodeIds.resolve(em, settings.nodeId());
    }

    @Lock(LockType.READ)
    public String nodeId() {
        return nodeId;
    }
}
