package io.takfed.persistence;

import io.takfed.missions.GroupCommit;
import jakarta.persistence.EntityManager;

/** The change log writer on a resource-local entity manager of its own, as the server runs it on JTA. */
final class LocalGroupCommit {

    private LocalGroupCommit() {
    }

    static GroupCommit on(EntityManager em) {
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
