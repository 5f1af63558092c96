package io.takfed.api.missions;

import io.takfed.api.JsonBody;
import io.takfed.api.problems.ApiException;
import io.takfed.api.problems.ApiProblem;
import io.takfed.api.security.RequiresRole;
import io.takfed.api.servers.Envelope;
import io.takfed.auth.Role;
import io.takfed.missions.ChangeView;
import io.takfed.missions.ContentChange;
import io.takfed.missions.MissionDraft;
import io.takfed.missions.MissionResource;
import io.takfed.missions.MissionService;
import io.takfed.missions.MissionView;
import io.takfed.missions.StoredFile;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import io.takfed.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Missions for administrators: create, delete, add and remove content (CoT uids, file hashes), upload a file, and
 * read the change log each of these appends to. Paths follow TAK's own mission API where it has one.
 */
@Path("/missions")
@ApplicationScoped
@RequiresRole(Role.ADMINISTRATOR_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class MissionsResource {

    /** Largest file accepted by an upload; mission files travel whole in one ROL message. */
    static final int MAX_RESOURCE_BYTES = 64 * 1024 * 1024;
    private static final Set<String> CREATE_FIELDS = Set.of("name", "guid", "creator_uid", "description", "tool",
            "chat_room", "groups", "recency_seconds");
    private static final Set<String> CONTENT_FIELDS = Set.of("uids", "hashes", "creator_uid");

    @EJB
    private MissionService missions;

    @GET
    public Response list() {
        JsonArrayBuilder all = Json.createArrayBuilder();
        missions.list().forEach(m -> all.add(json(m)));
        return Envelope.ok("missions", all.build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context UriInfo uri, @Context SecurityContext caller) {
        JsonObject json = only(JsonBody.object(body), CREATE_FIELDS);
        if ("changes".equals(text(json, "name")) || "resources".equals(text(json, "name"))) {
            throw new ApiException(ApiProblem.field("name", "reserved-name", "'changes' and 'resources' name parts "
                    + "of this API, not missions"));
        }
        MissionView created = missions.create(new MissionDraft(text(json, "name"), text(json, "guid"),
                text(json, "creator_uid"), text(json, "description"), text(json, "tool"), text(json, "chat_room"),
                strings(json, "groups"), whole(json, "recency_seconds")), io.takfed.api.security.Actor.of(caller));
        return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.body(true, "mission", json(created))).build();
    }

    @GET
    @Path("changes")
    public Response changes(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        long afterSeq = io.takfed.api.QueryParams.whole(after, "after", 0);
        long n = io.takfed.api.QueryParams.whole(limit, "limit", 100);
        if (afterSeq < 0 || n < 1 || n > 1000) {
            throw new ApiException(ApiProblem.field(n < 1 || n > 1000 ? "limit" : "after", "out-of-range",
                    "after must be 0 or more and limit from 1 to 1000"));
        }
        JsonArrayBuilder changes = Json.createArrayBuilder();
        missions.changes(afterSeq, (int) n).forEach(c -> changes.add(json(c)));
        return Envelope.ok("changes", changes.build());
    }

    @GET
    @Path("resources/{hash}")
    @Produces(MediaType.WILDCARD)
    public Response resource(@PathParam("hash") String hash) {
        MissionResource file = missions.resource(hash);
        if (file == null) {
            throw new ApiException(ApiProblem.of(404, "not-found", "No such file", "no file with hash " + hash));
        }
        // A type takfed chose, never the stored one: a peer names that one, and a browser given text/html from a
        // peer would run it. The file is an attachment and is not to be sniffed into anything else.
        return Response.ok(file.getData(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment; filename=\"" + asciiName(file.getFilename())
                        + "\"; filename*=UTF-8''" + URLEncoder.encode(file.getFilename(), StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .build();
    }

    /** The file name as a quoted-string fallback: printable ASCII without quotes or backslashes. */
    private static String asciiName(String filename) {
        return filename.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "_");
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        return Envelope.ok("mission", json(missions.get(name)));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @Context SecurityContext caller) {
        missions.delete(name, io.takfed.api.security.Actor.of(caller));
        return Envelope.ok("message", Json.createValue("mission " + name + " deleted"));
    }

    /** Adds {@code uids} and {@code hashes}; what the mission has already is left as it is. */
    @PUT
    @Path("{name}/contents")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addContent(@PathParam("name") String name, String body) {
        JsonObject json = only(JsonBody.object(body), CONTENT_FIELDS);
        return Envelope.ok("change", json(missions.addContent(name, strings(json, "uids"), strings(json, "hashes"),
                text(json, "creator_uid"))));
    }

    /** Removes the {@code uid} and {@code hash} query parameters (each may repeat), as TAK's API does. */
    @DELETE
    @Path("{name}/contents")
    public Response removeContent(@PathParam("name") String name, @QueryParam("uid") List<String> uids,
                                  @QueryParam("hash") List<String> hashes,
                                  @QueryParam("creator_uid") String creatorUid) {
        return Envelope.ok("change", json(missions.removeContent(name, uids, hashes, creatorUid)));
    }

    /** The request body is the file; it is stored once by SHA-256 and added to the mission. */
    @PUT
    @Path("{name}/resources")
    @Consumes(MediaType.WILDCARD)
    public Response upload(@PathParam("name") String name, @QueryParam("filename") String filename,
                           @QueryParam("creator_uid") String creatorUid,
                           @HeaderParam("Content-Type") String contentType, InputStream body) throws IOException {
        byte[] data = body.readNBytes(MAX_RESOURCE_BYTES + 1);
        if (data.length > MAX_RESOURCE_BYTES) {
            throw new ApiException(ApiProblem.of(413, "too-large", "File too large", "a mission file may be at most "
                    + MAX_RESOURCE_BYTES + " bytes"));
        }
        StoredFile stored = missions.storeResource(name, filename, contentType, data, creatorUid);
        return Response.ok(Json.createObjectBuilder().add("success", true).add("hash", stored.hash())
                .add("change", json(stored.change())).build().toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static JsonObject only(JsonObject json, Set<String> allowed) {
        for (String key : json.keySet()) {
            if (!allowed.contains(key)) {
                throw new ApiException(ApiProblem.field(key, "unknown-field", key + " is not a field of this request"));
            }
        }
        return json;
    }

    private static String text(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString s)) {
            throw new ApiException(ApiProblem.field(field, "invalid-type", field + " must be a string"));
        }
        return s.getString();
    }

    private static Long whole(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof jakarta.json.JsonNumber n) || !n.isIntegral()) {
            throw new ApiException(ApiProblem.field(field, "invalid-type", field + " must be a whole number"));
        }
        try {
            // Exact, never wrapped: 2^64+5 seconds is not 5.
            return n.bigIntegerValueExact().longValueExact();
        } catch (ArithmeticException e) {
            throw new ApiException(ApiProblem.field(field, "out-of-range", field + " is out of range"));
        }
    }

    private static List<String> strings(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY
                || !value.asJsonArray().stream().allMatch(v -> v instanceof JsonString)) {
            throw new ApiException(ApiProblem.field(field, "invalid-type", field + " must be an array of strings"));
        }
        return value.asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }


    private static JsonObject json(MissionView m) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("name", m.name()).add("guid", m.guid());
        nullable(json, "creator_uid", m.creatorUid());
        nullable(json, "description", m.description());
        json.add("tool", m.tool());
        nullable(json, "chat_room", m.chatRoom());
        json.add("groups", Json.createArrayBuilder(m.groups())).add("origin_node", m.originNode())
                .add("created_at", m.createdAt().toString()).add("uids", Json.createArrayBuilder(m.uids()))
                .add("hashes", Json.createArrayBuilder(m.hashes()));
        nullable(json, "recency_seconds", m.recencySeconds());
        return json.build();
    }

    /** What a content request changed; {@code seq} is null when it changed nothing. */
    private static JsonObject json(ContentChange c) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("mission", c.mission())
                .add("uids", Json.createArrayBuilder(c.uids())).add("hashes", Json.createArrayBuilder(c.hashes()));
        nullable(json, "seq", c.seq());
        return json.build();
    }

    private static JsonObject json(ChangeView c) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("seq", c.seq()).add("change_type", c.changeType())
                .add("mission_name", c.missionName()).add("occurred_at", c.occurredAt().toString())
                .add("origin_node", c.originNode());
        nullable(json, "origin_peer_id", c.originPeerId());
        json.add("provenance", Json.createArrayBuilder(c.provenance())).add("program", c.program());
        nullable(json, "resource_hash", c.resourceHash());
        return json.build();
    }

    private static void nullable(JsonObjectBuilder json, String key, String value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value);
        }
    }

    private static void nullable(JsonObjectBuilder json, String key, Long value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value);
        }
    }
}
