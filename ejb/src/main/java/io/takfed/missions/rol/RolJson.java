package io.takfed.missions.rol;

import io.takfed.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import java.io.StringReader;
import java.io.StringWriter;

/** JSON text in and out, compact and in insertion order, as Jackson writes TAK's value classes. */
final class RolJson {

    private RolJson() {
    }

    static String write(JsonValue value) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = Json.createWriter(text)) {
            writer.write(value);
        }
        return text.toString();
    }

    /** A JSON scalar token (a string with its escapes, a number) as its value. */
    static JsonValue scalar(String token) {
        return Json.createReader(new StringReader(token)).readValue();
    }
}
