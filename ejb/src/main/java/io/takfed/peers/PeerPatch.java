package io.takfed.peers;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields a request sets, already of their JSON type. A field that is present with a null value is
 * distinct from an absent one: null clears, absent keeps (or takes the default on create).
 */
public final class PeerPatch {

    private final Map<PeerField, Object> values = new EnumMap<>(PeerField.class);

    public PeerPatch set(PeerField field, Object value) {
        if (!field.writable()) {
            throw new IllegalArgumentException(field.json() + " is read-only");
        }
        values.put(field, value);
        return this;
    }

    public boolean has(PeerField field) {
        return values.containsKey(field);
    }

    public Optional<Object> value(PeerField field) {
        return Optional.ofNullable(values.get(field));
    }

    public String string(PeerField field) {
        return (String) values.get(field);
    }

    public Integer integer(PeerField field) {
        return (Integer) values.get(field);
    }

    public Boolean bool(PeerField field) {
        return (Boolean) values.get(field);
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(PeerField field) {
        return (List<String>) values.get(field);
    }

    /** A map field's value (GROUP_MAP, INTEGER_MAP, BOOLEAN_MAP), of the type its field says. */
    @SuppressWarnings("unchecked")
    public <V> Map<String, V> map(PeerField field) {
        return (Map<String, V>) values.get(field);
    }

    public Map<PeerField, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        // The client key must never reach a log line, even by accident.
        return "PeerPatch" + values.keySet();
    }
}
