package io.takfed.missions;

/**
 * What a change did; the mission ones are TAK's MissionChangeType names. {@code ANNOUNCE_PACKAGE} is a peer's
 * mission package announcement (spec 6.3), logged so that it goes on to the other peers as received.
 */
public enum ChangeType {
    CREATE_MISSION, DELETE_MISSION, ADD_CONTENT, REMOVE_CONTENT, CREATE_RESOURCE, ANNOUNCE_PACKAGE
}
