package io.takfed.api.servers;

import io.takfed.api.JsonBody;
import io.takfed.peers.FieldError;
import io.takfed.peers.PeerField;
import io.takfed.peers.PeerPatch;
import io.takfed.peers.ValidationException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request body into a {@link PeerPatch}, strictly: unknown and read-only fields are refused, and every
 * value must already have its JSON type (a boolean is {@code true}/{@code false}, never {@code "true"}).
 */
final class PeerJsonReader {

    private PeerJsonReader() {
    }

    static PeerPatch read(String body) {
        JsonObject object = JsonBody.object(body);
        List<FieldError> errors = new ArrayList<>();
        PeerPatch patch = new PeerPatch();
        for (var entry : object.entrySet()) {
            String name = entry.getKey();
            var field = PeerField.fromJson(name);
            if (field.isEmpty()) {
                errors.add(new FieldError(name, "unknown-field", name + " is not a field of a federation server"));
            } else if (!field.get().writable()) {
                errors.add(new FieldError(name, "read-only-field", name + " is maintained by takfed and cannot be set"));
            } else {
                convert(field.get(), entry.getValue(), errors).ifPresent(value -> patch.set(field.get(), value.orElse(null)));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return patch;
    }

    /** The typed value (empty inner optional for JSON null), or empty after recording an error. */
    private static java.util.Optional<java.util.Optional<Object>> convert(PeerField field, JsonValue value,
                                                                       List<FieldError> errors) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            if (field.nullable()) {
                return java.util.Optional.of(java.util.Optional.empty());
            }
            return invalid(field, field.json() + " must not be null", errors);
        }
        if (field.type() == PeerField.Type.INTEGER && value instanceof JsonNumber number && number.isIntegral()
                && !fitsInt(number)) {
            // Never clamped or wrapped: 2^64+5 is not 5, and -2^70 is not "unlimited".
            errors.add(new FieldError(field.json(), "out-of-range", field.json() + " must be a whole number from "
                    + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE));
            return java.util.Optional.empty();
        }
        Object converted = switch (field.type()) {
            case STRING -> value instanceof JsonString s ? s.getString() : null;
            case BOOLEAN -> value == JsonValue.TRUE ? Boolean.TRUE : value == JsonValue.FALSE ? Boolean.FALSE : null;
            case INTEGER -> integer(value);
            case STRING_LIST -> strings(value);
            case GROUP_MAP -> map(value, PeerJsonReader::strings);
            case INTEGER_MAP -> map(value, PeerJsonReader::integer);
            case BOOLEAN_MAP -> map(value, item -> item == JsonValue.TRUE ? Boolean.TRUE
                    : item == JsonValue.FALSE ? Boolean.FALSE : null);
        };
        if (converted == null) {
            return invalid(field, field.json() + " must be " + describe(field.type()), errors);
        }
        return java.util.Optional.of(java.util.Optional.of(converted));
    }

    private static boolean fitsInt(JsonNumber number) {
        try {
            number.bigIntegerValueExact().intValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static Integer integer(JsonValue value) {
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            return null;
        }
        try {
            return number.bigIntegerValueExact().intValueExact();
        } catch (ArithmeticException e) {
            return Integer.MAX_VALUE; // out of int range: let the range check report it
        }
    }

    private static List<String> strings(JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (JsonValue item : value.asJsonArray()) {
            if (!(item instanceof JsonString s)) {
                return null;
            }
            strings.add(s.getString());
        }
        return List.copyOf(strings);
    }

    /** A JSON object whose every value converts, in key order; null when any does not. */
    private static <V> java.util.Map<String, V> map(JsonValue value, java.util.function.Function<JsonValue, V> each) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return null;
        }
        java.util.Map<String, V> map = new java.util.TreeMap<>();
        for (var entry : value.asJsonObject().entrySet()) {
            V converted = each.apply(entry.getValue());
            if (converted == null) {
                return null;
            }
            map.put(entry.getKey(), converted);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static java.util.Optional<java.util.Optional<Object>> invalid(PeerField field, String message,
                                                                        List<FieldError> errors) {
        errors.add(new FieldError(field.json(), "invalid-type", message));
        return java.util.Optional.empty();
    }

    private static String describe(PeerField.Type type) {
        return switch (type) {
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case INTEGER -> "a whole number";
            case STRING_LIST -> "an array of strings or null";
            case GROUP_MAP -> "an object of arrays of group names, such as {\"red\": [\"blue\"]}";
            case INTEGER_MAP -> "an object of whole numbers, such as {\"blue\": 2}";
            case BOOLEAN_MAP -> "an object of true or false, such as {\"ops\": true}";
        };
    }
}
