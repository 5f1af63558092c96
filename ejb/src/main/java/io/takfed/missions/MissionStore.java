package io.takfed.missions;

import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * The mission tables as both writers use them, local changes ({@link MissionCatalog}) and received ones
 * ({@link MissionApplier}): one place for finding a mission, its content and removing either.
 */
final class MissionStore {

    private final EntityManager em;

    MissionStore(EntityManager em) {
        this.em = em;
    }

    Mission find(String name) {
        return em.createNamedQuery(Mission.BY_NAME, Mission.class).setParameter("name", name).getResultStream()
                .findFirst().orElse(null);
    }

    /** The mission's items of one kind, in the order they were added. */
    List<String> items(Mission mission, String kind) {
        return em.createQuery("select c.item from MissionContent c where c.missionId = :id and c.kind = :kind "
                + "order by c.id", String.class).setParameter("id", mission.getId()).setParameter("kind", kind)
                .getResultList();
    }

    /**
     * Those of {@code items} the mission has, in the order given: one indexed query, however large the mission,
     * for a request's few items. A single item (the usual change) uses an equality query, whose translation
     * Hibernate caches; a list parameter's query is translated again on every run.
     */
    List<String> present(Mission mission, String kind, List<String> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        if (items.size() == 1) {
            return em.createQuery("select c.item from MissionContent c where c.missionId = :id and c.kind = :kind "
                    + "and c.item = :item", String.class).setParameter("id", mission.getId())
                    .setParameter("kind", kind).setParameter("item", items.get(0)).getResultList();
        }
        java.util.Set<String> have = new java.util.HashSet<>(em.createQuery("select c.item from MissionContent c "
                + "where c.missionId = :id and c.kind = :kind and c.item in :items", String.class)
                .setParameter("id", mission.getId()).setParameter("kind", kind).setParameter("items", items)
                .getResultList());
        return items.stream().filter(have::contains).toList();
    }

    void removeItem(Mission mission, String kind, String item) {
        em.createQuery("delete from MissionContent c where c.missionId = :id and c.kind = :kind and c.item = :item")
                .setParameter("id", mission.getId()).setParameter("kind", kind).setParameter("item", item)
                .executeUpdate();
    }

    /** The mission and all its content. */
    void delete(Mission mission) {
        em.createQuery("delete from MissionContent c where c.missionId = :id").setParameter("id", mission.getId())
                .executeUpdate();
        em.remove(mission);
    }
}
