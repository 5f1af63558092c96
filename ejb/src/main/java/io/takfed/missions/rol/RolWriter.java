package io.takfed.missions.rol;

import io.takfed.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/**
 * Writes the ROL programs takfed sends, key for key in the order TAK's value classes serialize (spec 4.3, 6.1), so
 * a TAK receiver reads them into its own types: unknown keys would make its Jackson reader refuse a candidate type.
 */
public final class RolWriter {

    /** A mission as ROL describes it. {@code tool} is "public" for missions TAK federates by default. */
    public record MissionMetadata(String name, String creatorUid, String description, String chatRoom, String tool,
                                  String guid) {
    }

    /** A change of content: file hashes and CoT uids added or removed. */
    public record Content(List<String> hashes, List<String> uids) {
    }

    private RolWriter() {
    }

    public static RolProgram createMission(MissionMetadata mission) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("type", "MissionMetadata")
                .add("name", mission.name()).add("creatorUid", text(mission.creatorUid()))
                .add("description", text(mission.description())).add("chatRoom", text(mission.chatRoom()))
                .add("tool", text(mission.tool())).add("boundingPolygon", "").add("bbox", "").add("passwordHash", "")
                .add("path", "").add("classification", "").add("baseLayer", "").add("parentMissionId", 0)
                .add("defaultRoleId", 0).add("expiration", 0).add("inviteOnly", false)
                .add("guid", text(mission.guid()));
        return new RolProgram("create", "mission", json.build());
    }

    /** What TAK's converter sends to delete a mission: its name and creator. */
    public static RolProgram deleteMission(String name, String creatorUid) {
        return new RolProgram("delete", "mission", Json.createObjectBuilder().add("type", "MissionMetadata")
                .add("name", name).add("creatorUid", text(creatorUid)).build());
    }

    /** {@code changeType} ADD_CONTENT or REMOVE_CONTENT; {@code date} in epoch milliseconds, the change's own time. */
    public static RolProgram updateMission(String changeType, Content content, String creatorUid,
                                           MissionMetadata mission, long date) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("content", Json.createObjectBuilder().add("hashes", array(content.hashes()))
                        .add("uids", array(content.uids())))
                .add("creatorUid", text(creatorUid)).add("changeType", changeType)
                .add("missionName", mission.name()).add("missionCreatorUid", text(mission.creatorUid()))
                .add("missionChatRoom", text(mission.chatRoom())).add("missionTool", text(mission.tool()))
                .add("missionDescription", text(mission.description())).add("date", date);
        return new RolProgram("update", "mission", json.build());
    }

    /** A file's metadata; its bytes travel as the ROL message's first payload. */
    public record Resource(String filename, String mimeType, String name, String submissionTime, String submitter,
                           String uid, String hash, long size, String creatorUid, String tool) {
    }

    public static RolProgram createResource(Resource r) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("filename", r.filename())
                .add("keywords", Json.createArrayBuilder()).add("mimeType", text(r.mimeType()))
                .add("contentType", text(r.mimeType())).add("name", text(r.name()))
                .add("submissionTime", text(r.submissionTime())).add("submitter", text(r.submitter()))
                .add("uid", text(r.uid())).add("hash", r.hash()).add("size", r.size())
                .add("creatorUid", text(r.creatorUid())).add("tool", text(r.tool()));
        return new RolProgram("create", "resource", json.build());
    }

    /** A mission package announcement; {@code tsStored} in epoch milliseconds. */
    public static RolProgram announcePackage(String sha256, String name, String filename, long tsStored,
                                             String senderCallsign, long sizeInBytes) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("type", "ResourceDetails").add("sha256", sha256)
                .add("senderUid", RolJson.write(Json.createObjectBuilder().add("uids", Json.createArrayBuilder())
                        .add("callsigns", Json.createArrayBuilder()).build()))
                .add("name", name).add("filename", filename).add("senderUrl", "").add("tsStored", tsStored)
                .add("senderCallsign", text(senderCallsign)).add("sizeInBytes", sizeInBytes);
        return new RolProgram("announce", "package", json.build());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }
}
