package io.takfed.audit;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/** Reads the audit trail for the API; writing happens inside the transactions it describes. */
@Stateless
public class AuditService {

    /** One event as the API shows it. */
    public record AuditView(long id, Instant occurredAt, String actor, String action, String target, String detail) {
    }

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    public List<AuditView> recent(int limit, Long beforeId) {
        return new AuditTrail(em).recent(limit, beforeId).stream().map(e -> new AuditView(e.getId(),
                e.getOccurredAt(), e.getActor(), e.getAction(), e.getTarget(), e.getDetail())).toList();
    }
}
