package io.takfed.connector.api;

import java.io.Serializable;
import java.util.List;

/**
 * One ROL message on a v2 link: the program text, its payloads (file bytes), the node ids it has passed through,
 * oldest first, and the groups it travels in ({@code federateGroups}: sent to a peer with group mapping, mapped
 * when received from one).
 */
public record RolMessage(String program, List<byte[]> payloads, List<String> provenance, List<String> groups)
        implements Serializable {

    public RolMessage(String program, List<byte[]> payloads, List<String> provenance) {
        this(program, payloads, provenance, List.of());
    }

    public RolMessage {
        payloads = List.copyOf(payloads);
        provenance = List.copyOf(provenance);
        groups = List.copyOf(groups);
    }

    @Override
    public String toString() {
        return "RolMessage[" + program.length() + " chars, " + payloads.size() + " payloads]";
    }
}
