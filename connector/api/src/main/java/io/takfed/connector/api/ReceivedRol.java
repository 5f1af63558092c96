package io.takfed.connector.api;

import java.io.Serializable;

/** A ROL message a peer sent on a session; {@code number} counts per session, for acknowledging. */
public record ReceivedRol(String sessionId, long number, String fingerprint, long peerId, RolMessage message)
        implements Serializable {
}
