package io.takfed.missions;

import jakarta.ejb.ApplicationException;

/** No mission has this name. */
@ApplicationException(rollback = true)
public class MissionNotFoundException extends RuntimeException {

    public MissionNotFoundException(String name) {
        super("no mission named '" + name + "'");
    }
}
