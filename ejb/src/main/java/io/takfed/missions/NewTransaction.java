package io.takfed.missions;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/** A container transaction of its own around some work, for the change log writer's batches. */
@Stateless
public class NewTransaction {

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void run(Runnable work) {
        work.run();
    }
}
