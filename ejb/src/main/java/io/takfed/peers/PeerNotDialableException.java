package io.takfed.peers;

import jakarta.ejb.ApplicationException;

/** A connection test was asked of a peer whose address cannot be dialled, such as an inbound wildcard. */
@ApplicationException
public class PeerNotDialableException extends RuntimeException {

    public PeerNotDialableException(String message) {
        super(message);
    }
}
