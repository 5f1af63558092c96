package io.takfed.api;

import io.takfed.api.problems.ApiException;
import io.takfed.api.problems.ApiProblem;
import io.takfed.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;

/** Reads a request body that must be one JSON object, with a labelled 400 for anything else. */
public final class JsonBody {

    private JsonBody() {
    }

    public static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(ApiProblem.of(400, "empty-body", "Empty body", "a JSON object is required"));
        }
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ApiException(ApiProblem.of(400, "body-not-object", "Body is not an object",
                        "the request body must be a JSON object"));
            }
            return value.asJsonObject();
        } catch (JsonParsingException e) {
            throw new ApiException(ApiProblem.of(400, "malformed-json", "Malformed JSON",
                    "the request body is not valid JSON (line " + e.getLocation().getLineNumber() + ", column "
                            + e.getLocation().getColumnNumber() + ")"));
        } catch (JsonException e) {
            throw new ApiException(ApiProblem.of(400, "malformed-json", "Malformed JSON",
                    "the request body is not valid JSON"));
        }
    }
}
