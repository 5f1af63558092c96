package io.takfed.peers;

import io.takfed.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.List;

/** Stores a list of names (mission filter, groups) as JSON array text, readable in the database; null stays null. */
public final class JsonStringList {

    private JsonStringList() {
    }

    public static String write(List<String> filter) {
        return filter == null ? null : toArray(filter).build().toString();
    }

    static JsonArrayBuilder toArray(List<String> names) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        names.forEach(array::add);
        return array;
    }

    public static List<String> read(String stored) {
        if (stored == null) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(stored))) {
            JsonArray array = reader.readArray();
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }
}
