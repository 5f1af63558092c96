package io.takfed.missions;

import io.takfed.missions.rol.RolProgram;
import io.takfed.missions.rol.RolWriter;
import io.takfed.peers.FieldError;
import io.takfed.peers.JsonStringList;
import io.takfed.peers.ValidationException;
import jakarta.persistence.EntityManager;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Local mission changes, each appended to the change log in the same transaction as the change itself: there is
 * never a mission change the log does not hold, nor a logged change that did not happen. A change that changes
 * nothing (content already there, a file already stored) appends nothing.
 */
public final class MissionCatalog {

    static final int MAX_NAME = 255;
    static final int MAX_ITEMS = 1000;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final EntityManager em;
    private final String nodeId;
    private final Clock clock;
    private final MissionStore store;

    public MissionCatalog(EntityManager em, String nodeId, Clock clock) {
        this(em, nodeId, clock, new MissionIndex());
    }

    /** In the change log writer: {@code index} is the writer's (see {@link GroupCommit#index()}). */
    public MissionCatalog(EntityManager em, String nodeId, Clock clock, MissionIndex index) {
        this.em = em;
        this.store = new MissionStore(em, index);
        this.nodeId = nodeId;
        this.clock = clock;
    }

    public MissionView create(MissionDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        text(errors, "name", draft.name(), MAX_NAME, true);
        text(errors, "creator_uid", draft.creatorUid(), MAX_NAME, false);
        text(errors, "description", draft.description(), 2000, false);
        text(errors, "tool", draft.tool(), 64, false);
        text(errors, "chat_room", draft.chatRoom(), MAX_NAME, false);
        text(errors, "guid", draft.guid(), 64, false);
        List<String> groups = draft.groups() == null ? List.of() : draft.groups();
        groups.forEach(g -> text(errors, "groups", g, MAX_NAME, true));
        if (draft.recencySeconds() != null && draft.recencySeconds() < 1 && draft.recencySeconds() != -1) {
            errors.add(new FieldError("recency_seconds", "out-of-range", "recency_seconds must be -1 (all) or a "
                    + "number of seconds from 1, or null for TAKFED_MISSION_RECENCY_SECONDS"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (store.find(draft.name()) != null) {
            throw new MissionExistsException(draft.name());
        }
        Mission mission = new Mission();
        mission.setName(draft.name());
        mission.setGuid(draft.guid() == null ? UUID.randomUUID().toString() : draft.guid());
        mission.setCreatorUid(draft.creatorUid());
        mission.setDescription(draft.description());
        mission.setTool(draft.tool() == null ? Mission.PUBLIC : draft.tool());
        mission.setChatRoom(draft.chatRoom());
        mission.setGroups(JsonStringList.write(groups));
        mission.setOriginNode(nodeId);
        mission.setCreatedAt(now());
        mission.setRecencySeconds(draft.recencySeconds());
        store.create(mission);
        append(ChangeType.CREATE_MISSION, mission, RolWriter.createMission(metadata(mission)), null);
        return view(mission);
    }

    public void delete(String name) {
        Mission mission = require(name);
        store.delete(mission);
        append(ChangeType.DELETE_MISSION, mission, RolWriter.deleteMission(name, mission.getCreatorUid()), null);
    }

    /** Adds what is not there yet; returns what it added. */
    public ContentChange addContent(String name, List<String> uids, List<String> hashes, String creatorUid) {
        Mission mission = require(name);
        List<String> newUids = absent(mission, MissionContent.UID, items(uids, "uids", false));
        List<String> newHashes = absent(mission, MissionContent.HASH, items(hashes, "hashes", true));
        if (newUids.isEmpty() && newHashes.isEmpty()) {
            return ContentChange.none(name);
        }
        Instant at = now();
        newUids.forEach(uid -> store.add(mission, MissionContent.UID, uid, creatorUid, at));
        newHashes.forEach(hash -> store.add(mission, MissionContent.HASH, hash, creatorUid, at));
        long seq = append(ChangeType.ADD_CONTENT, mission, RolWriter.updateMission("ADD_CONTENT",
                new RolWriter.Content(newHashes, newUids), creatorUid, metadata(mission), at.toEpochMilli()), null);
        return new ContentChange(name, newUids, newHashes, seq);
    }

    /** Removes what is there; returns what it removed. */
    public ContentChange removeContent(String name, List<String> uids, List<String> hashes, String creatorUid) {
        Mission mission = require(name);
        List<String> goneUids = store.present(mission, MissionContent.UID, items(uids, "uids", false));
        List<String> goneHashes = store.present(mission, MissionContent.HASH, items(hashes, "hashes", true));
        if (goneUids.isEmpty() && goneHashes.isEmpty()) {
            return ContentChange.none(name);
        }
        goneUids.forEach(uid -> store.removeItem(mission, MissionContent.UID, uid));
        goneHashes.forEach(hash -> store.removeItem(mission, MissionContent.HASH, hash));
        long seq = append(ChangeType.REMOVE_CONTENT, mission, RolWriter.updateMission("REMOVE_CONTENT",
                new RolWriter.Content(goneHashes, goneUids), creatorUid, metadata(mission), now().toEpochMilli()),
                null);
        return new ContentChange(name, goneUids, goneHashes, seq);
    }

    /** Stores a file (once, by hash) and adds it to the mission; federation sends its bytes with the change. */
    public StoredFile storeResource(String name, String filename, String mimeType, byte[] data, String submitter) {
        Mission mission = require(name);
        List<FieldError> errors = new ArrayList<>();
        text(errors, "filename", filename, MAX_NAME, true);
        // Stored in a 255-character column: a longer one was a 500 from the database, not a 400 naming it.
        text(errors, "content_type", mimeType, MAX_NAME, false);
        if (filename != null && (filename.contains("/") || filename.contains("\\"))) {
            errors.add(new FieldError("filename", "invalid-value", "filename must be a name, not a path"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String hash = sha256(data);
        if (em.find(MissionResource.class, hash) == null) {
            Instant at = now();
            String type = mimeType == null || mimeType.isBlank() ? "application/octet-stream" : mimeType;
            em.persist(new MissionResource(hash, filename, type, data, submitter, at));
            append(ChangeType.CREATE_RESOURCE, mission, RolWriter.createResource(new RolWriter.Resource(filename, type,
                    filename, at.toString(), submitter, UUID.randomUUID().toString(), hash, data.length, submitter,
                    mission.getTool())), hash);
        }
        return new StoredFile(hash, addContent(name, List.of(), List.of(hash), submitter));
    }

    public List<MissionView> list() {
        return em.createQuery("select m from Mission m order by m.name", Mission.class).getResultList().stream()
                .map(this::view).toList();
    }

    public MissionView get(String name) {
        return view(require(name));
    }

    public MissionResource resource(String hash) {
        return em.find(MissionResource.class, hash.toLowerCase(Locale.ROOT));
    }

    /** The change log after {@code afterSeq}, oldest first. */
    public List<ChangeView> changes(long afterSeq, int limit) {
        return em.createQuery("select c from MissionChange c where c.seq > :after order by c.seq", MissionChange.class)
                .setParameter("after", afterSeq).setMaxResults(limit).getResultList().stream().map(MissionCatalog::view)
                .toList();
    }

    public long lastSeq() {
        Long last = em.createQuery("select max(c.seq) from MissionChange c", Long.class).getSingleResult();
        return last == null ? 0 : last;
    }

    static ChangeView view(MissionChange c) {
        return new ChangeView(c.getSeq(), c.getChangeType(), c.getMissionName(), c.getOccurredAt(), c.getOriginNode(),
                c.getOriginPeerId(), JsonStringList.read(c.getProvenance()), c.getProgram(), c.getResourceHash());
    }

    /** Logs a local change, which travels in its mission's groups; its sequence number. */
    private long append(ChangeType type, Mission mission, RolProgram program, String resourceHash) {
        // A local change is never looked up by its key (a change that comes back has this node in its provenance).
        MissionChange change = new MissionChange(type, mission.getName(), now(), nodeId, null,
                UUID.randomUUID().toString(), null, JsonStringList.write(List.of(nodeId)), program.text(),
                resourceHash, mission.getGroups(), mission.getTool());
        em.persist(change);
        return change.getSeq();
    }

    private Mission require(String name) {
        Mission mission = store.find(name);
        if (mission == null) {
            throw new MissionNotFoundException(name);
        }
        return mission;
    }

    private List<String> absent(Mission mission, String kind, List<String> items) {
        Set<String> have = Set.copyOf(store.present(mission, kind, items));
        return items.stream().filter(i -> !have.contains(i)).toList();
    }

    /** Distinct items in the order given; hashes lower-cased and checked as SHA-256. */
    private static List<String> items(List<String> given, String field, boolean hashes) {
        List<String> items = given == null ? List.of() : given;
        if (items.size() > MAX_ITEMS) {
            throw new ValidationException(new FieldError(field, "too-long", field + " takes at most " + MAX_ITEMS
                    + " entries per request"));
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String item : items) {
            String value = item == null ? "" : hashes ? item.trim().toLowerCase(Locale.ROOT) : item.trim();
            boolean valid = hashes ? SHA256.matcher(value).matches()
                    : !value.isEmpty() && value.length() <= MAX_NAME && !CONTROL.matcher(value).find();
            if (!valid) {
                throw new ValidationException(new FieldError(field, "invalid-value", hashes
                        ? "hashes entries must be SHA-256 digests as 64 hex digits"
                        : "uids entries must be non-empty CoT uids of at most " + MAX_NAME + " printable characters"));
            }
            distinct.add(value);
        }
        return List.copyOf(distinct);
    }

    private static void text(List<FieldError> errors, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "required", field + " is required"));
            }
            return;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "too-long", field + " takes at most " + max + " characters"));
        } else if (CONTROL.matcher(value).find()) {
            errors.add(new FieldError(field, "invalid-value", field + " must not contain control characters"));
        }
    }

    private MissionView view(Mission m) {
        return new MissionView(m.getName(), m.getGuid(), m.getCreatorUid(), m.getDescription(), m.getTool(),
                m.getChatRoom(), JsonStringList.read(m.getGroups()), m.getOriginNode(), m.getCreatedAt(),
                store.items(m, MissionContent.UID), store.items(m, MissionContent.HASH), m.getRecencySeconds());
    }

    static RolWriter.MissionMetadata metadata(Mission m) {
        return new RolWriter.MissionMetadata(m.getName(), m.getCreatorUid(), m.getDescription(), m.getChatRoom(),
                m.getTool(), m.getGuid());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
