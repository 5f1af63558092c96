package io.takfed.audit;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes audit events in the caller's transaction, so an event exists exactly when the change it describes was
 * committed, and mirrors each one to the log (TAKFED-A001) for log-based collection. Details name fields, never
 * their values: keys and certificates stay out of the trail.
 */
public final class AuditTrail {

    /** The actor of what the server does by itself. */
    public static final String SYSTEM = "system";

    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());
    private static final int MAX_DETAIL = 2000;
    private static final int MAX_TEXT = 255;

    private final EntityManager em;

    public AuditTrail(EntityManager em) {
        this.em = em;
    }

    public void record(String actor, String action, String target, String detail) {
        String d = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
        em.persist(new AuditEvent(Instant.now().truncatedTo(ChronoUnit.MICROS), clip(actor), action, clip(target), d));
        LOG.log(Level.INFO, "TAKFED-A001 audit: {0} {1} {2}{3}", new Object[] {actor, action, target,
                d == null ? "" : ": " + d});
    }

    /** The newest events first, at most {@code limit}, older than {@code beforeId} when given. */
    public List<AuditEvent> recent(int limit, Long beforeId) {
        var query = beforeId == null
                ? em.createQuery("select e from AuditEvent e order by e.id desc", AuditEvent.class)
                : em.createQuery("select e from AuditEvent e where e.id < :before order by e.id desc", AuditEvent.class)
                        .setParameter("before", beforeId);
        return query.setMaxResults(limit).getResultList();
    }

    private static String clip(String text) {
        String t = text == null ? "" : text;
        return t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT);
    }
}
