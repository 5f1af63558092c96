package io.takfed.missions;

import jakarta.ejb.ApplicationException;

/** A mission of this name (or guid) exists already. */
@ApplicationException(rollback = true)
public class MissionExistsException extends RuntimeException {

    public MissionExistsException(String name) {
        super("a mission named '" + name + "' already exists");
    }
}
