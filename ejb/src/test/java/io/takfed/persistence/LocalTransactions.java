package io.takfed.persistence;

import io.takfed.missions.GroupCommit;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Function;

/** Resource-local transactions for tests and benchmarks, where the server has JTA. */
final class LocalTransactions {

    private LocalTransactions() {
    }

    /** Runs the work in a transaction on an entity manager of its own: committed if it returns, else rolled back. */
    static <T> T apply(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** The change log writer on an entity manager of its own, as the server runs it on JTA. */
    static GroupCommit groupCommit(EntityManager em) {
        return new GroupCommit(work -> {
            em.getTransaction().begin();
            try {
                work.run();
                em.getTransaction().commit();
            } catch (RuntimeException e) {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                throw e;
            } finally {
                em.clear();
            }
        }, em, Thread::new);
    }
}
