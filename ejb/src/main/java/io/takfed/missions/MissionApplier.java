package io.takfed.missions;

import io.takfed.missions.rol.RolProgram;
import io.takfed.missions.rol.RolReader;
import io.takfed.peers.JsonStringList;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Applies the mission changes peers send (spec 6.3), once each: the change's key is the SHA-256 of its program and
 * payload digests, and the change log holds every key applied, so a change that comes again is a {@code DUPLICATE}.
 * A missing mission is created from the change; deletes and content removals only with federated deletes on (off
 * by default, as in TAK). Whatever is applied is logged with its origin and provenance, which is how a hub passes
 * it on. Runs in the caller's transaction: the change, its effect and its key commit together.
 */
public final class MissionApplier {

    /** Changes applied between clearing the persistence context, which every query's automatic flush checks. */
    private static final int FLUSH_EVERY = 100;
    private static final ApplyOutcome DELETES_OFF = ApplyOutcome.of(ApplyOutcome.Kind.DELETE_REFUSED,
            "federated deletes are off (TAKFED_ALLOW_FEDERATED_DELETE)");
    private static final ApplyOutcome PRIVATE_DELETE = ApplyOutcome.of(ApplyOutcome.Kind.DELETE_REFUSED,
            "the mission is not public and only public missions federate (TAKFED_FEDERATE_ONLY_PUBLIC_MISSIONS)");

    private final EntityManager em;
    private final String nodeId;
    private final Clock clock;
    private final boolean allowFederatedDelete;
    private final MissionStore store;
    /** TAK's federateOnlyPublicMissions: a peer's delete of a mission that is not public is refused. */
    private boolean onlyPublicMissions;
    /** Provenance and group lists as stored: a backlog's changes share a few, and writing each anew was costly. */
    private final java.util.Map<List<String>, String> stored = new java.util.HashMap<>();

    public MissionApplier(EntityManager em, String nodeId, Clock clock, boolean allowFederatedDelete) {
        this(em, nodeId, clock, allowFederatedDelete, new MissionIndex());
    }

    /** In the change log writer: {@code index} is the writer's (see {@link GroupCommit#index()}). */
    public MissionApplier(EntityManager em, String nodeId, Clock clock, boolean allowFederatedDelete,
                          MissionIndex index) {
        this.em = em;
        this.store = new MissionStore(em, index);
        this.nodeId = nodeId;
        this.clock = clock;
        this.allowFederatedDelete = allowFederatedDelete;
    }

    /**
     * With TAK's federateOnlyPublicMissions on (spec 6.2 and 6.3): a peer may not delete a mission here that is not
     * public, since none of its changes would have gone to the peer.
     */
    public MissionApplier onlyPublicMissions(boolean on) {
        this.onlyPublicMissions = on;
        return this;
    }

    public ApplyOutcome apply(ReceivedChange change) {
        return applyAll(List.of(change)).get(0);
    }

    /**
     * Applies the changes in order, each once: whether a change was applied before is looked up for all of them
     * at once, and missions and their content come from the index, so a backlog costs a few queries in all, not a
     * few per change.
     */
    public List<ApplyOutcome> applyAll(List<ReceivedChange> changes) {
        RolReader reader = new RolReader();
        return applyAll(changes, changes.stream().map(c -> PreparedProgram.of(c.program(), c.payloads(), reader))
                .toList());
    }

    /** As {@link #applyAll(List)}, with each change's program prepared beforehand (one per change, in order). */
    public List<ApplyOutcome> applyAll(List<ReceivedChange> changes, List<PreparedProgram> prepared) {
        Set<String> applied = appliedBefore(prepared);
        List<ApplyOutcome> outcomes = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            String key = prepared.get(i).key();
            if (applied.contains(key)) {
                outcomes.add(ApplyOutcome.of(ApplyOutcome.Kind.DUPLICATE, "applied before"));
                continue;
            }
            ApplyOutcome outcome = applyNew(changes.get(i), prepared.get(i));
            if (outcome.kind() == ApplyOutcome.Kind.APPLIED) {
                applied.add(key);
            }
            outcomes.add(outcome);
            if ((i + 1) % FLUSH_EVERY == 0) {
                em.flush();
                em.clear();
            }
        }
        return outcomes;
    }

    /**
     * Those of the keys the log holds: looked up by their indexed prefix, then compared in full, since two keys may
     * share a prefix. In SQL with one array parameter (a batch at once, with no limit on parameters to chunk for),
     * not a query with a list parameter, which Hibernate translates anew for every call: that was half the time of
     * the lookup.
     */
    private Set<String> appliedBefore(List<PreparedProgram> prepared) {
        Set<String> wanted = new HashSet<>();
        prepared.forEach(p -> wanted.add(p.key()));
        Long[] prefixes = prepared.stream().map(PreparedProgram::keyPrefix).filter(java.util.Objects::nonNull)
                .distinct().toArray(Long[]::new);
        Set<String> found = new HashSet<>();
        // The SQL sees only what was flushed; an earlier write of the same group commit may hold changes unflushed.
        em.flush();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select change_key from mission_change where key_prefix = any(?)")) {
                select.setArray(1, connection.createArrayOf("BIGINT", prefixes));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (wanted.contains(rows.getString(1))) {
                            found.add(rows.getString(1));
                        }
                    }
                }
            }
        });
        return found;
    }

    private ApplyOutcome applyNew(ReceivedChange change, PreparedProgram prepared) {
        if (change.groups().isEmpty()) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "no-groups: the peer has no inbound groups, so "
                    + "nothing it sends is taken");
        }
        if (change.provenance().contains(nodeId)) {
            return ApplyOutcome.of(ApplyOutcome.Kind.DUPLICATE, "this node is in its provenance: it went round");
        }
        RolProgram program = prepared.program();
        if (program == null) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, prepared.syntaxError());
        }
        Optional<String> refused = ReceivedFields.refusal(program);
        if (refused.isPresent()) {
            return ApplyOutcome.of(ApplyOutcome.Kind.REFUSED, refused.get());
        }
        JsonObject p = program.parameters();
        if (program.is("create", "mission")) {
            return createMission(change, prepared, p);
        }
        if (program.is("delete", "mission")) {
            return allowFederatedDelete ? deleteMission(change, prepared, p) : DELETES_OFF;
        }
        if (program.is("update", "mission")) {
            String type = string(p, "changeType");
            if ("ADD_CONTENT".equals(type)) {
                return addContent(change, prepared, p);
            }
            if ("REMOVE_CONTENT".equals(type)) {
                return allowFederatedDelete ? removeContent(change, prepared, p) : DELETES_OFF;
            }
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "update mission " + type + " is not applied here");
        }
        if (program.is("create", "resource")) {
            return createResource(change, prepared, p);
        }
        if (program.is("announce", "package")) {
            return announcePackage(change, prepared, p);
        }
        return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, program.operation() + " " + program.resource()
                + " is not applied here");
    }

    private ApplyOutcome createMission(ReceivedChange change, PreparedProgram prepared, JsonObject p) {
        String name = string(p, "name");
        if (name == null || name.isBlank()) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "create mission without a name");
        }
        Mission mission = mission(name);
        if (mission == null) {
            mission = newMission(name, string(p, "guid"), string(p, "creatorUid"), string(p, "description"),
                    string(p, "tool"), string(p, "chatRoom"), change.groups());
        }
        log(ChangeType.CREATE_MISSION, name, mission.getTool(), change, prepared, null);
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "mission " + mission.getName());
    }

    private ApplyOutcome deleteMission(ReceivedChange change, PreparedProgram prepared, JsonObject p) {
        String name = string(p, "name");
        Mission mission = name == null ? null : mission(name);
        if (mission != null && onlyPublicMissions && !Mission.PUBLIC.equals(mission.getTool())) {
            return PRIVATE_DELETE;
        }
        if (mission != null) {
            store.delete(mission);
        }
        log(ChangeType.DELETE_MISSION, String.valueOf(name), mission == null ? null : mission.getTool(), change,
                prepared, null);
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "mission " + name + " deleted");
    }

    private ApplyOutcome addContent(ReceivedChange change, PreparedProgram prepared, JsonObject p) {
        String name = string(p, "missionName");
        if (name == null || name.isBlank()) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "update mission without missionName");
        }
        Mission mission = mission(name);
        if (mission == null) {
            // TAK creates the mission a change refers to from the change's copy of its metadata.
            mission = newMission(name, null, string(p, "missionCreatorUid"), string(p, "missionDescription"),
                    string(p, "missionTool"), string(p, "missionChatRoom"), change.groups());
        }
        Long date = prepared.program().date();
        Instant at = date == null ? now() : Instant.ofEpochMilli(date);
        JsonObject content = content(p);
        String creator = string(p, "creatorUid");
        addItems(mission, MissionContent.UID, strings(content, "uids"), creator, at);
        addItems(mission, MissionContent.HASH, hashes(content), creator, at);
        log(ChangeType.ADD_CONTENT, name, mission.getTool(), change, prepared, null);
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "content added to " + name);
    }

    private ApplyOutcome removeContent(ReceivedChange change, PreparedProgram prepared, JsonObject p) {
        String name = string(p, "missionName");
        Mission mission = name == null ? null : mission(name);
        JsonObject content = content(p);
        if (mission != null) {
            removeItems(mission, MissionContent.UID, strings(content, "uids"));
            removeItems(mission, MissionContent.HASH, hashes(content));
        }
        log(ChangeType.REMOVE_CONTENT, String.valueOf(name), mission == null ? null : mission.getTool(), change,
                prepared, null);
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "content removed from " + name);
    }

    private ApplyOutcome createResource(ReceivedChange change, PreparedProgram prepared, JsonObject p) {
        String hash = string(p, "hash");
        if (change.payloads().isEmpty() || hash == null) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "create resource without its bytes or hash");
        }
        byte[] data = change.payloads().get(0);
        String actual = MissionCatalog.sha256(data);
        if (!actual.equalsIgnoreCase(hash)) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "create resource whose bytes do not hash to " + hash);
        }
        if (em.find(MissionResource.class, actual) == null) {
            String filename = string(p, "filename");
            em.persist(new MissionResource(actual, filename == null ? actual : filename,
                    string(p, "mimeType") == null ? "application/octet-stream" : string(p, "mimeType"), data,
                    string(p, "submitter"), now()));
        }
        log(ChangeType.CREATE_RESOURCE, "", null, change, prepared, actual);
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "file " + actual);
    }

    /**
     * A mission package announcement is passed on, not acted on here: takfed has no clients of its own to show it
     * to, and the peers it federates with announce it to theirs. It names the package by its SHA-256; the bytes
     * travel on their own ({@code create resource}), so the announcement is logged without them.
     */
    private ApplyOutcome announcePackage(ReceivedChange change, PreparedProgram prepared, JsonObject p) {
        String hash = string(p, "sha256");
        if (hash == null || !hash.matches("[0-9a-fA-F]{64}")) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "announce package without a SHA-256");
        }
        log(ChangeType.ANNOUNCE_PACKAGE, "", null, change, prepared, null);
        String name = string(p, "name");
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "package " + (name == null ? hash : name) + " announced");
    }

    /**
     * A mission a peer's change needs, in the groups the change was received in (spec 6.3, as TAK creates it): so
     * that local changes to it travel where the peer's do, back to the peer included.
     */
    private Mission newMission(String name, String guid, String creatorUid, String description, String tool,
                               String chatRoom, List<String> groups) {
        Mission mission = new Mission();
        mission.setName(name);
        boolean guidFree = guid != null && !guid.isBlank() && em.createQuery(
                "select count(m) from Mission m where m.guid = :guid", Long.class).setParameter("guid", guid)
                .getSingleResult() == 0;
        mission.setGuid(guidFree ? guid : UUID.randomUUID().toString());
        mission.setCreatorUid(creatorUid);
        mission.setDescription(description);
        mission.setTool(tool == null || tool.isBlank() ? Mission.PUBLIC : tool);
        mission.setChatRoom(chatRoom);
        mission.setGroups(stored(groups));
        mission.setOriginNode(nodeId);
        mission.setCreatedAt(now());
        store.create(mission);
        return mission;
    }

    /** Adds the items the mission does not have yet. */
    private void addItems(Mission mission, String kind, List<String> items, String creator, Instant at) {
        List<String> valid = items.stream().filter(i -> !i.isBlank() && i.length() <= MissionCatalog.MAX_NAME)
                .distinct().toList();
        Set<String> have = Set.copyOf(store.present(mission, kind, valid));
        for (String item : valid) {
            if (!have.contains(item)) {
                store.add(mission, kind, item, creator, at.truncatedTo(ChronoUnit.MICROS));
            }
        }
    }

    private void removeItems(Mission mission, String kind, List<String> items) {
        for (String item : store.present(mission, kind, items)) {
            store.removeItem(mission, kind, item);
        }
    }

    /** An update's {@code content}: its uids and hashes. */
    private static JsonObject content(JsonObject p) {
        return p.get("content") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
    }

    /** The content's file hashes, lower-cased as takfed keeps them. */
    private static List<String> hashes(JsonObject content) {
        return strings(content, "hashes").stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    private Mission mission(String name) {
        return store.find(name);
    }

    private void log(ChangeType type, String missionName, String missionTool, ReceivedChange change,
                     PreparedProgram prepared, String resourceHash) {
        List<String> provenance = new ArrayList<>(change.provenance());
        provenance.add(nodeId);
        em.persist(new MissionChange(type, missionName, now(), change.provenance().isEmpty() ? "unknown"
                : change.provenance().get(0), change.fromPeerId(), prepared.key(), prepared.keyPrefix(),
                stored(provenance), change.program(), resourceHash, stored(change.groups()), missionTool));
    }

    private String stored(List<String> list) {
        String text = stored.get(list);
        if (text == null) {
            text = JsonStringList.write(list);
            if (stored.size() < 64) {
                stored.put(new ArrayList<>(list), text);
            }
        }
        return text;
    }

    private static String string(JsonObject p, String key) {
        return p.get(key) instanceof JsonString s ? s.getString() : null;
    }

    private static List<String> strings(JsonObject p, String key) {
        if (!(p.get(key) instanceof JsonArray array)) {
            return List.of();
        }
        return array.stream().filter(JsonString.class::isInstance).map(v -> ((JsonString) v).getString()).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
