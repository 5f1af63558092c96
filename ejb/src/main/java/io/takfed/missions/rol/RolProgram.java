package io.takfed.missions.rol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/**
 * One ROL statement: what to do ({@code create}, {@code update}, ...), to what ({@code mission}, {@code resource},
 * ...), and its parameters, an empty object when the statement has none.
 */
public record RolProgram(String operation, String resource, JsonObject parameters) {

    /** The statement as TAK writes it: {@code "<operation> <resource>\n" + JSON + ";"}. */
    public String text() {
        return operation + " " + resource + "\n" + RolJson.write(parameters) + ";";
    }

    /** The change's own time in epoch milliseconds, which content changes carry as {@code date}; null without one. */
    public Long date() {
        return parameters.get("date") instanceof JsonNumber date ? date.longValue() : null;
    }

    public boolean is(String operation, String resource) {
        return this.operation.equals(operation) && this.resource.equals(resource);
    }
}
