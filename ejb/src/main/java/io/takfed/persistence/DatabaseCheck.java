package io.takfed.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Whether the database answers a trivial query through the application's own persistence unit. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DatabaseCheck {

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    public boolean reachable() {
        em.createNativeQuery("select 1").getSingleResult();
        return true;
    }
}
