package io.takfed.missions;

import java.util.List;

/**
 * A mission change as a peer sent it: the ROL program text exactly as received (the change's identity is derived
 * from it, so the same change via a replay, a retry or another path through a hub is recognised), its payloads
 * (file bytes), the peer it came from, and the node ids it has already passed through.
 */
public record ReceivedChange(String program, List<byte[]> payloads, long fromPeerId, List<String> provenance,
                             List<String> groups) {

    /** {@code groups}: the sending peer's inbound groups, which the change travels in from here on. */
    public ReceivedChange {
        payloads = List.copyOf(payloads);
        provenance = List.copyOf(provenance);
        groups = List.copyOf(groups);
    }
}
