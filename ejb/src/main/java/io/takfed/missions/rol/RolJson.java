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

    /**
     * A JSON scalar token (a string with its escapes, a number) as its value. A string without escapes, nearly every
     * one, is its text between the quotes: a JSON reader per token was a quarter of the time applying a backlog.
     */
    static JsonValue scalar(String token) {
        if (token.length() >= 2 && token.charAt(0) == '"' && token.indexOf('\\') < 0) {
            return Json.createValue(token.substring(1, token.length() - 1));
        }
        return Json.createReader(new StringReader(token)).readValue();
    }
}
