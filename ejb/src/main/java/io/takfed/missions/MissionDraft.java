package io.takfed.missions;

import java.util.List;

/**
 * What creating a mission takes; null guid gets a fresh one, null tool is "public" (federated by default), null
 * recency uses TAKFED_MISSION_RECENCY_SECONDS (-1: replay all of this mission's changes after an outage).
 */
public record MissionDraft(String name, String guid, String creatorUid, String description, String tool,
                           String chatRoom, List<String> groups, Long recencySeconds) {

    public MissionDraft(String name, String guid, String creatorUid, String description, String tool,
                        String chatRoom, List<String> groups) {
        this(name, guid, creatorUid, description, tool, chatRoom, groups, null);
    }
}
