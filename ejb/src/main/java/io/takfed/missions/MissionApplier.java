package io.takfed.missions;

import io.takfed.missions.rol.RolProgram;
import io.takfed.missions.rol.RolReader;
import io.takfed.missions.rol.RolSyntaxException;
import io.takfed.peers.JsonStringList;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Applies the mission changes peers send (spec 6.3), once each: the change's key is the SHA-256 of its program and
 * payload digests, and the change log holds every key applied, so a change that comes again is a {@code DUPLICATE}.
 * A missing mission is created from the change; deletes and content removals only with federated deletes on (off
 * by default, as in TAK). Whatever is applied is logged with its origin and provenance, which is how a hub passes
 * it on. Runs in the caller's transaction: the change, its effect and its key commit together.
 */
public final class MissionApplier {

    private final EntityManager em;
    private final String nodeId;
    private final Clock clock;
    private final boolean allowFederatedDelete;
    private final MissionStore store;

    public MissionApplier(EntityManager em, String nodeId, Clock clock, boolean allowFederatedDelete) {
        this.em = em;
        this.store = new MissionStore(em);
        this.nodeId = nodeId;
        this.clock = clock;
        this.allowFederatedDelete = allowFederatedDelete;
    }

    public ApplyOutcome apply(ReceivedChange change) {
        String key = key(change);
        if (!em.createQuery("select c.seq from MissionChange c where c.changeKey = :key", Long.class)
                .setParameter("key", key).getResultList().isEmpty()) {
            return ApplyOutcome.of(ApplyOutcome.Kind.DUPLICATE, "applied before");
        }
        if (change.groups().isEmpty()) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "no-groups: the peer has no inbound groups, so "
                    + "nothing it sends is taken");
        }
        if (change.provenance().contains(nodeId)) {
            return ApplyOutcome.of(ApplyOutcome.Kind.DUPLICATE, "this node is in its provenance: it went round");
        }
        RolProgram program;
        try {
            program = RolReader.parseOne(change.program());
        } catch (RolSyntaxException e) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, e.getMessage());
        }
        JsonObject p = program.parameters();
        if (program.is("create", "mission")) {
            return createMission(change, key, p);
        }
        if (program.is("delete", "mission")) {
            return deleteMission(change, key, p);
        }
        if (program.is("update", "mission")) {
            String type = string(p, "changeType");
            if ("ADD_CONTENT".equals(type)) {
                return addContent(change, key, p);
            }
            if ("REMOVE_CONTENT".equals(type)) {
                return removeContent(change, key, p);
            }
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "update mission " + type + " is not applied here");
        }
        if (program.is("create", "resource")) {
            return createResource(change, key, p);
        }
        return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, program.operation() + " " + program.resource()
                + " is not applied here");
    }

    private ApplyOutcome createMission(ReceivedChange change, String key, JsonObject p) {
        String name = string(p, "name");
        if (name == null || name.isBlank()) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "create mission without a name");
        }
        Mission mission = store.find(name);
        if (mission == null) {
            mission = newMission(name, string(p, "guid"), string(p, "creatorUid"), string(p, "description"),
                    string(p, "tool"), string(p, "chatRoom"));
        }
        log(ChangeType.CREATE_MISSION, name, change, key, null);
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "mission " + mission.getName());
    }

    private ApplyOutcome deleteMission(ReceivedChange change, String key, JsonObject p) {
        if (!allowFederatedDelete) {
            return ApplyOutcome.of(ApplyOutcome.Kind.DELETE_REFUSED, "federated deletes are off "
                    + "(TAKFED_ALLOW_FEDERATED_DELETE)");
        }
        String name = string(p, "name");
        Mission mission = name == null ? null : store.find(name);
        if (mission != null) {
            store.delete(mission);
        }
        log(ChangeType.DELETE_MISSION, String.valueOf(name), change, key, null);
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "mission " + name + " deleted");
    }

    private ApplyOutcome addContent(ReceivedChange change, String key, JsonObject p) {
        String name = string(p, "missionName");
        if (name == null || name.isBlank()) {
            return ApplyOutcome.of(ApplyOutcome.Kind.IGNORED, "update mission without missionName");
        }
        Mission mission = store.find(name);
        if (mission == null) {
            // TAK creates the mission a change refers to from the change's copy of its metadata.
            mission = newMission(name, null, string(p, "missionCreatorUid"), string(p, "missionDescription"),
                    string(p, "missionTool"), string(p, "missionChatRoom"));
        }
        Instant at = p.containsKey("date") && p.get("date").getValueType() == JsonValue.ValueType.NUMBER
                ? Instant.ofEpochMilli(p.getJsonNumber("date").longValue()) : now();
        JsonObject content = p.containsKey("content") && p.get("content") instanceof JsonObject c ? c
                : JsonValue.EMPTY_JSON_OBJECT;
        String creator = string(p, "creatorUid");
        for (String uid : strings(content, "uids")) {
            addItem(mission, MissionContent.UID, uid, creator, at);
        }
        for (String hash : strings(content, "hashes")) {
            addItem(mission, MissionContent.HASH, hash.toLowerCase(Locale.ROOT), creator, at);
        }
        log(ChangeType.ADD_CONTENT, name, change, key, null);
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "content added to " + name);
    }

    private ApplyOutcome removeContent(ReceivedChange change, String key, JsonObject p) {
        if (!allowFederatedDelete) {
            return ApplyOutcome.of(ApplyOutcome.Kind.DELETE_REFUSED, "federated deletes are off "
                    + "(TAKFED_ALLOW_FEDERATED_DELETE)");
        }
        String name = string(p, "missionName");
        Mission mission = name == null ? null : store.find(name);
        JsonObject content = p.get("content") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
        if (mission != null) {
            for (String uid : strings(content, "uids")) {
                store.removeItem(mission, MissionContent.UID, uid);
            }
            for (String hash : strings(content, "hashes")) {
                store.removeItem(mission, MissionContent.HASH, hash.toLowerCase(Locale.ROOT));
            }
        }
        log(ChangeType.REMOVE_CONTENT, String.valueOf(name), change, key, null);
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "content removed from " + name);
    }

    private ApplyOutcome createResource(ReceivedChange change, String key, JsonObject p) {
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
        log(ChangeType.CREATE_RESOURCE, "", change, key, actual);
        return ApplyOutcome.of(ApplyOutcome.Kind.APPLIED, "file " + actual);
    }

    private Mission newMission(String name, String guid, String creatorUid, String description, String tool,
                               String chatRoom) {
        Mission mission = new Mission();
        mission.setName(name);
        boolean guidFree = guid != null && !guid.isBlank() && em.createQuery(
                "select count(m) from Mission m where m.guid = :guid", Long.class).setParameter("guid", guid)
                .getSingleResult() == 0;
        mission.setGuid(guidFree ? guid : UUID.randomUUID().toString());
        mission.setCreatorUid(creatorUid);
        mission.setDescription(description);
        mission.setTool(tool == null || tool.isBlank() ? "public" : tool);
        mission.setChatRoom(chatRoom);
        mission.setGroups("[]");
        mission.setOriginNode(nodeId);
        mission.setCreatedAt(now());
        em.persist(mission);
        return mission;
    }

    private void addItem(Mission mission, String kind, String item, String creator, Instant at) {
        if (!store.has(mission, kind, item) && !item.isBlank() && item.length() <= MissionCatalog.MAX_NAME) {
            em.persist(new MissionContent(mission.getId(), kind, item, creator, at.truncatedTo(ChronoUnit.MICROS)));
        }
    }

    private void log(ChangeType type, String missionName, ReceivedChange change, String key, String resourceHash) {
        List<String> provenance = new ArrayList<>(change.provenance());
        provenance.add(nodeId);
        em.persist(new MissionChange(type, missionName, now(), change.provenance().isEmpty() ? "unknown"
                : change.provenance().get(0), change.fromPeerId(), key, JsonStringList.write(provenance),
                change.program(), resourceHash, JsonStringList.write(change.groups())));
    }

    /** The change's identity: its program text and the digest of each payload. */
    static String key(ReceivedChange change) {
        StringBuilder text = new StringBuilder(change.program());
        for (byte[] payload : change.payloads()) {
            text.append('\n').append(MissionCatalog.sha256(payload));
        }
        return MissionCatalog.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
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
