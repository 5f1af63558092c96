package io.takfed.connector.api;

import java.io.Serializable;
import java.util.List;

/**
 * One ROL message on a v2 link: the program text, its payloads (file bytes) and the node ids it has passed through,
 * oldest first.
 */
public record RolMessage(String program, List<byte[]> payloads, List<String> provenance) implements Serializable {

    public RolMessage {
        payloads = List.copyOf(payloads);
        provenance = List.copyOf(provenance);
    }

    @Override
    public String toString() {
        return "RolMessage[" + program.length() + " chars, " + payloads.size() + " payloads]";
    }
}
