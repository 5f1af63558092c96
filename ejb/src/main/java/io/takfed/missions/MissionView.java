package io.takfed.missions;

import java.time.Instant;
import java.util.List;

/** A mission as the API shows it, with its content. */
public record MissionView(String name, String guid, String creatorUid, String description, String tool,
                          String chatRoom, List<String> groups, String originNode, Instant createdAt,
                          List<String> uids, List<String> hashes, Long recencySeconds) {
}
