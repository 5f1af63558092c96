package io.takfed.missions;

import java.util.List;

/** What creating a mission takes; null guid gets a fresh one, null tool is "public" (federated by default). */
public record MissionDraft(String name, String guid, String creatorUid, String description, String tool,
                           String chatRoom, List<String> groups) {
}
