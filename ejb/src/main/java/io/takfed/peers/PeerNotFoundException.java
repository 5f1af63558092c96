package io.takfed.peers;

import jakarta.ejb.ApplicationException;

/** No federation server has this id. */
@ApplicationException(rollback = true)
public class PeerNotFoundException extends RuntimeException {

    private final long id;

    public PeerNotFoundException(long id) {
        super("no federation server with id " + id);
        this.id = id;
    }

    public long id() {
        return id;
    }
}
