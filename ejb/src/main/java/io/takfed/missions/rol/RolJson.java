package io.takfed.missions.rol;

import io.takfed.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;

/** JSON text in and out, compact and in insertion order, as Jackson writes TAK's value classes. */
final class RolJson {

    /** Digits (and sign) that always fit a long. */
    private static final int LONG_DIGITS = 18;

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
     * one, is its text between the quotes: a JSON reader per token was a quarter of the time applying a backlog. A
     * number is read as a JSON reader reads it (a long when it is an integer that fits, else a decimal): the
     * grammar's NUMBER is JSON's, which {@link BigDecimal} reads as it stands. A reader per number (every change
     * carries a date) took an 8 KB buffer each time.
     */
    static JsonValue scalar(String token) {
        if (token.charAt(0) == '"') {
            if (token.indexOf('\\') < 0) {
                return Json.createValue(token.substring(1, token.length() - 1));
            }
            try (JsonReader reader = Json.createReader(new StringReader(token))) {
                return reader.readValue();
            }
        }
        boolean integer = token.indexOf('.') < 0 && token.indexOf('e') < 0 && token.indexOf('E') < 0;
        return integer && token.length() <= LONG_DIGITS ? Json.createValue(Long.parseLong(token))
                : Json.createValue(new BigDecimal(token));
    }
}
