package io.takfed.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import java.io.Reader;
import java.io.Writer;
import java.util.Collection;

/**
 * The factory methods of {@code jakarta.json.Json} that takfed uses, on one provider looked up once.
 * {@code jakarta.json.Json} looks its provider up through the service loader on every call, which in an
 * application server scans the class loaders' jars under a lock: profiling the mission benchmark found API
 * threads queued on that lock for more time than they spent on the change itself.
 */
public final class Json {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Json() {
    }

    public static JsonObjectBuilder createObjectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonArrayBuilder createArrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonArrayBuilder createArrayBuilder(Collection<?> values) {
        return PROVIDER.createArrayBuilder(values);
    }

    public static JsonReader createReader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    public static jakarta.json.stream.JsonParser createParser(Reader reader) {
        return PROVIDER.createParser(reader);
    }

    public static JsonWriter createWriter(Writer writer) {
        return PROVIDER.createWriter(writer);
    }

    public static JsonString createValue(String value) {
        return PROVIDER.createValue(value);
    }

    public static jakarta.json.JsonNumber createValue(int value) {
        return PROVIDER.createValue(value);
    }

    public static jakarta.json.JsonNumber createValue(long value) {
        return PROVIDER.createValue(value);
    }

    public static jakarta.json.JsonNumber createValue(java.math.BigDecimal value) {
        return PROVIDER.createValue(value);
    }
}
