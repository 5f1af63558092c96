package io.takfed.missions;

/** What a change did; the mission ones are TAK's MissionChangeType names. */
public enum ChangeType {
    CREATE_MISSION, DELETE_MISSION, ADD_CONTENT, REMOVE_CONTENT, CREATE_RESOURCE
}
