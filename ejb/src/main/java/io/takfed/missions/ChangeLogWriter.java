package io.takfed.missions;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.function.Function;

/**
 * Every write that appends to the mission change log goes through here: local mission changes from the API and the
 * changes peers send. See {@link GroupCommit} for why there is one writer and how its batches commit.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChangeLogWriter {

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @Resource
    private ManagedThreadFactory threads;

    @EJB
    private NewTransaction transactions;

    private GroupCommit commits;

    @PostConstruct
    void start() {
        commits = new GroupCommit(work -> {
            try {
                transactions.run(work);
            } catch (EJBException e) {
                // The container wraps what is not an application exception; callers get the failure itself.
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }, em, threads);
    }

    @PreDestroy
    void stop() {
        commits.close();
    }

    /** The writer's index of the mission tables; only for code running in a write (see {@link GroupCommit}). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public MissionIndex index() {
        return commits.index();
    }

    /** Queues {@code work} for the writer's transaction; the future completes once it committed. */
    public <T> java.util.concurrent.CompletableFuture<T> submit(Function<EntityManager, T> work)
            throws InterruptedException {
        return commits.submit(work);
    }

    /** Runs {@code work} in the writer's transaction; returns once it committed. */
    public <T> T write(Function<EntityManager, T> work) {
        return commits.write(work);
    }
}
