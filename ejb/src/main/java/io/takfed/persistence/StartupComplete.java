package io.takfed.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

/**
 * Initialised after every other start-up step (schema, node id, first token). The server may already answer
 * HTTP while those run, so readiness asks this bean, which the container initialises only after them.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "NodeIdentity", "AdminTokenBootstrap"})
public class StartupComplete {

    private volatile boolean complete;

    @PostConstruct
    void done() {
        complete = true;
    }

    @Lock(LockType.READ)
    public boolean complete() {
        return complete;
    }
}
