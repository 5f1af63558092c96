package io.takfed.missions;

import io.takfed.missions.rol.RolProgram;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields of a peer's program that takfed writes, checked as the API checks its own before any write: lengths
 * within their columns, no control characters, a file name that is no path, a media type that is one. A field out of
 * bounds used to fail the database write, and with it the whole batch, retried every second: one bad program from an
 * approved peer stopped all mission receipt. Now that program alone is refused.
 */
final class ReceivedFields {

    private static final int NAME = 255;
    private static final int DESCRIPTION = 2000;
    private static final int TOOL = 64;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    /** {@code type/subtype} with RFC 6838 name characters, and optional parameters of the same. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
                    + "(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=(\"[^\"\\p{Cntrl}]*\"|[A-Za-z0-9!#$&^_.+-]+))*");

    private ReceivedFields() {
    }

    /** Why the program's parameters cannot be written, or empty when they can. */
    static Optional<String> refusal(RolProgram program) {
        JsonObject p = program.parameters();
        if (program.is("create", "mission") || program.is("delete", "mission")) {
            return first(text(p, "name", NAME), text(p, "guid", TOOL), text(p, "creatorUid", NAME),
                    text(p, "description", DESCRIPTION), text(p, "tool", TOOL), text(p, "chatRoom", NAME));
        }
        if (program.is("update", "mission")) {
            return first(text(p, "missionName", NAME), text(p, "creatorUid", NAME),
                    text(p, "missionCreatorUid", NAME), text(p, "missionDescription", DESCRIPTION),
                    text(p, "missionTool", TOOL), text(p, "missionChatRoom", NAME));
        }
        if (program.is("create", "resource")) {
            Optional<String> refused = first(text(p, "filename", NAME), text(p, "mimeType", NAME),
                    text(p, "submitter", NAME));
            if (refused.isPresent()) {
                return refused;
            }
            String filename = string(p, "filename");
            if (filename != null && (filename.contains("/") || filename.contains("\\") || filename.equals("..")
                    || filename.equals("."))) {
                return Optional.of("filename is a path, not a name");
            }
            String type = string(p, "mimeType");
            if (type != null && !MEDIA_TYPE.matcher(type).matches()) {
                return Optional.of("mimeType is not a media type (type/subtype)");
            }
        }
        return Optional.empty();
    }

    @SafeVarargs
    private static Optional<String> first(Optional<String>... checks) {
        for (Optional<String> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonObject p, String field, int max) {
        JsonValue value = p.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString s)) {
            return Optional.of(field + " is not a string");
        }
        if (s.getString().length() > max) {
            return Optional.of(field + " is longer than " + max + " characters");
        }
        if (CONTROL.matcher(s.getString()).find()) {
            return Optional.of(field + " holds control characters");
        }
        return Optional.empty();
    }

    private static String string(JsonObject p, String field) {
        return p.get(field) instanceof JsonString s ? s.getString() : null;
    }
}
