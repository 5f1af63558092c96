package io.takfed.missions;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The mission tables as both writers use them, local changes ({@link MissionCatalog}) and received ones
 * ({@link MissionApplier}): one place for finding, creating and deleting a mission and for its content, which
 * keeps the writer's {@link MissionIndex} in step with every change it makes.
 */
final class MissionStore {

    private final EntityManager em;
    private final MissionIndex index;

    /** {@code index}: the change log writer's; a fresh one serves a single transaction. */
    MissionStore(EntityManager em, MissionIndex index) {
        this.em = em;
        this.index = index;
    }

    Mission find(String name) {
        return index.mission(name, n -> em.createNamedQuery(Mission.BY_NAME, Mission.class).setParameter("name", n)
                .getResultList().stream().findFirst().orElse(null));
    }

    void create(Mission mission) {
        em.persist(mission);
        index.created(mission);
    }

    /** The mission's items of one kind, in the order they were added. */
    List<String> items(Mission mission, String kind) {
        return em.createQuery("select c.item from MissionContent c where c.missionId = :id and c.kind = :kind "
                + "order by c.id", String.class).setParameter("id", mission.getId()).setParameter("kind", kind)
                .getResultList();
    }

    /** Those of {@code items} the mission has, in the order given. */
    List<String> present(Mission mission, String kind, List<String> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        Set<String> all = index.items(mission.getId(), kind, limit -> new HashSet<>(itemsOf(mission, kind)
                .setMaxResults(limit + 1).getResultList()));
        if (all != null) {
            return items.stream().filter(all::contains).toList();
        }
        ItemDigests digests = index.digests(mission.getId(), kind, () -> {
            try (Stream<String> every = itemsOf(mission, kind).getResultStream()) {
                return new ItemDigests(every);
            }
        });
        // New items, nearly always, have no digest there: no query.
        List<String> maybe = digests == null ? items : items.stream().filter(digests::mayContain).toList();
        if (maybe.isEmpty()) {
            return List.of();
        }
        Set<String> have = new HashSet<>(em.createQuery("select c.item from MissionContent c "
                + "where c.missionId = :id and c.kind = :kind and c.item in :items", String.class)
                .setParameter("id", mission.getId()).setParameter("kind", kind).setParameter("items", maybe)
                .getResultList());
        return items.stream().filter(have::contains).toList();
    }

    /** The mission's items of one kind, in no particular order: what the index is loaded from. */
    private TypedQuery<String> itemsOf(Mission mission, String kind) {
        return em.createQuery("select c.item from MissionContent c where c.missionId = :id and c.kind = :kind",
                String.class).setParameter("id", mission.getId()).setParameter("kind", kind);
    }

    void add(Mission mission, String kind, String item, String creatorUid, Instant at) {
        em.persist(new MissionContent(mission.getId(), kind, item, creatorUid, at));
        index.added(mission.getId(), kind, item);
    }

    void removeItem(Mission mission, String kind, String item) {
        em.createQuery("delete from MissionContent c where c.missionId = :id and c.kind = :kind and c.item = :item")
                .setParameter("id", mission.getId()).setParameter("kind", kind).setParameter("item", item)
                .executeUpdate();
        index.removed(mission.getId(), kind, item);
    }

    /** The mission and all its content. */
    void delete(Mission mission) {
        em.createQuery("delete from MissionContent c where c.missionId = :id").setParameter("id", mission.getId())
                .executeUpdate();
        // The index may hand out a mission read in an earlier transaction: remove this one's own copy.
        Mission managed = em.contains(mission) ? mission : em.find(Mission.class, mission.getId());
        if (managed != null) {
            em.remove(managed);
            // Now, not at the next flush: a mission made again under its name inserts at once.
            em.flush();
        }
        index.deleted(mission);
    }
}
