package io.takfed.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.api.problems.ApiException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a body may not be, each a 400 {@code malformed-json} with a reason, and what it may be. */
class JsonBodyTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("nested 1,001 deep", "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}", "nested deeper"),
                Arguments.of("nested one past the limit", nested(JsonBody.MAX_DEPTH + 1), "nested deeper"),
                Arguments.of("data after the object", "{\"name\": \"a\"} {\"name\": \"b\"}", "not valid JSON"),
                Arguments.of("garbage after the object", "{\"name\": \"a\"}x", "not valid JSON"),
                Arguments.of("a key twice", "{\"name\": \"a\", \"name\": \"b\"}", "twice"),
                Arguments.of("a key twice, deeper", "{\"m\": {\"ops\": true, \"ops\": false}}", "twice"),
                Arguments.of("a lone high surrogate", "{\"name\": \"a\\ud800\"}", "lone UTF-16 surrogate"),
                Arguments.of("a lone low surrogate in a key", "{\"\\udc00\": 1}", "lone UTF-16 surrogate"),
                Arguments.of("a syntax error", "{\"name\": }", "not valid JSON"),
                Arguments.of("unclosed", "{\"name\": \"a\"", "not valid JSON"));
    }

    private static String nested(int depth) {
        return "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isRefusedAsMalformedWithTheReason(String rule, String body, String reason) {
        ApiException refused = assertThrows(ApiException.class, () -> JsonBody.object(body), rule);
        assertEquals(400, refused.problem().status(), rule);
        assertEquals("malformed-json", refused.problem().label(), rule);
        assertTrue(refused.problem().detail().contains(reason), rule + ": " + refused.problem().detail());
    }

    @Test
    void whatIsWellFormedIsTaken() {
        assertEquals(JsonBody.MAX_DEPTH, depthOf(JsonBody.object(nested(JsonBody.MAX_DEPTH))), "the limit itself");
        assertEquals("a\uD83D\uDE00", JsonBody.object("{\"name\": \"a\\ud83d\\ude00\"}").getString("name"),
                "a surrogate pair is one character");
        assertEquals(2, JsonBody.object("{\"a\": {\"k\": 1}, \"b\": {\"k\": 2}}").size(), "the same key in two objects");
        assertEquals("x", JsonBody.object(" {\"name\": \"x\"} \n").getString("name"), "white space around");
    }

    private static int depthOf(jakarta.json.JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> 1 + value.asJsonObject().values().stream().mapToInt(JsonBodyTest::depthOf).max().orElse(0);
            case ARRAY -> 1 + value.asJsonArray().stream().mapToInt(JsonBodyTest::depthOf).max().orElse(0);
            default -> 0;
        };
    }
}
