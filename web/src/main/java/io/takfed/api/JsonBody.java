package io.takfed.api;

import io.takfed.api.problems.ApiException;
import io.takfed.api.problems.ApiProblem;
import io.takfed.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a request body that must be one JSON object, strictly: anything a parser might take one way and a person
 * another is a labelled 400 {@code malformed-json}, never a 500 and never taken silently. That is a syntax error,
 * nesting deeper than {@link #MAX_DEPTH}, data after the object, a key twice in one object, and a lone UTF-16
 * surrogate (from a {@code \ud800} escape); the bytes were checked to be UTF-8 before ({@link BodyLimit}).
 */
public final class JsonBody {

    /** Far deeper than any body of this API: deeper is a parser attack, refused before any tree is built. */
    public static final int MAX_DEPTH = 32;

    private JsonBody() {
    }

    public static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(ApiProblem.of(400, "empty-body", "Empty body", "a JSON object is required"));
        }
        try {
            check(body);
            try (var reader = Json.createReader(new StringReader(body))) {
                JsonValue value = reader.readValue();
                if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new ApiException(ApiProblem.of(400, "body-not-object", "Body is not an object",
                            "the request body must be a JSON object"));
                }
                return value.asJsonObject();
            }
        } catch (JsonParsingException e) {
            throw malformed("it is not valid JSON (line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber() + ")");
        } catch (JsonException e) {
            throw malformed("it is not valid JSON");
        }
    }

    /** One pass over the parser's events: iterative, so no depth can exhaust a stack before it is refused. */
    private static void check(String body) {
        Deque<Set<String>> keys = new ArrayDeque<>();
        int depth = 0;
        try (JsonParser parser = Json.createParser(new StringReader(body))) {
            boolean top = true;
            while (top || depth > 0) {
                if (!parser.hasNext()) {
                    throw malformed("it ends before its value does");
                }
                JsonParser.Event event = parser.next();
                top = false;
                switch (event) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw malformed("it is nested deeper than " + MAX_DEPTH + " levels");
                        }
                        keys.push(event == JsonParser.Event.START_OBJECT ? new HashSet<>() : Set.of());
                    }
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        keys.pop();
                    }
                    case KEY_NAME -> {
                        String key = parser.getString();
                        text(key);
                        if (!keys.peek().add(key)) {
                            throw malformed("an object has the key \"" + printable(key) + "\" twice");
                        }
                    }
                    case VALUE_STRING -> text(parser.getString());
                    default -> {
                    }
                }
            }
            if (parser.hasNext()) {
                throw malformed("data follows the JSON value");
            }
        }
    }

    /** Refuses a lone surrogate: it is no character, and it would be stored and passed on as one. */
    private static void text(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw malformed("a string holds a lone UTF-16 surrogate (\\\\u" + Integer.toHexString(c) + ")");
            }
        }
    }

    private static String printable(String key) {
        String cut = key.length() > 64 ? key.substring(0, 64) + "..." : key;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static ApiException malformed(String why) {
        return new ApiException(ApiProblem.of(400, "malformed-json", "Malformed JSON",
                "the request body is refused: " + why));
    }
}
