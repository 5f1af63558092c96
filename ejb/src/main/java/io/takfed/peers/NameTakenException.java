package io.takfed.peers;

import jakarta.ejb.ApplicationException;

/** Another federation server already has this name. */
@ApplicationException(rollback = true)
public class NameTakenException extends RuntimeException {

    public NameTakenException(String name) {
        super("a federation server named '" + name + "' already exists");
    }
}
