package io.takfed.api.servers;

import io.takfed.json.Json;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The seed document's success envelope: {@code {"success": true, "<key>": ...}}. */
public final class Envelope {

    private Envelope() {
    }

    public static Response ok(String key, JsonValue value) {
        return Response.ok(body(true, key, value), MediaType.APPLICATION_JSON_TYPE).build();
    }

    public static String body(boolean success, String key, JsonValue value) {
        return Json.createObjectBuilder().add("success", success).add(key, value).build().toString();
    }
}
