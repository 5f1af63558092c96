package io.takfed.missions;

import java.time.Instant;
import java.util.List;

/** One change-log entry as the API shows it: the ROL program federation sends for it included. */
public record ChangeView(long seq, String changeType, String missionName, Instant occurredAt, String originNode,
                         Long originPeerId, List<String> provenance, String program, String resourceHash) {
}
