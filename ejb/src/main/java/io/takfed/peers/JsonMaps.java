package io.takfed.peers;

import io.takfed.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Stores the per-federate maps (group mapping, hop limits, per-mission switches) as JSON object text, in key order. */
final class JsonMaps {

    private JsonMaps() {
    }

    static String writeGroups(Map<String, List<String>> map) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        new TreeMap<>(map).forEach((key, values) -> json.add(key, JsonStringList.toArray(values)));
        return json.build().toString();
    }

    static Map<String, List<String>> readGroups(String stored) {
        Map<String, List<String>> map = new TreeMap<>();
        read(stored).forEach((key, value) -> map.put(key, value.asJsonArray().getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList()));
        return map;
    }

    /** A map of whole numbers or of booleans, in key order. */
    static String writeValues(Map<String, ?> map) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        new TreeMap<>(map).forEach((key, value) -> json.add(key, value instanceof Boolean b
                ? (b ? JsonValue.TRUE : JsonValue.FALSE) : Json.createValue((Integer) value)));
        return json.build().toString();
    }

    static Map<String, Integer> readIntegers(String stored) {
        Map<String, Integer> map = new TreeMap<>();
        read(stored).forEach((key, value) -> map.put(key, ((jakarta.json.JsonNumber) value).intValueExact()));
        return map;
    }

    static Map<String, Boolean> readBooleans(String stored) {
        Map<String, Boolean> map = new TreeMap<>();
        read(stored).forEach((key, value) -> map.put(key, value == JsonValue.TRUE));
        return map;
    }

    private static JsonObject read(String stored) {
        try (var reader = Json.createReader(new StringReader(stored == null ? "{}" : stored))) {
            return reader.readObject();
        }
    }
}
