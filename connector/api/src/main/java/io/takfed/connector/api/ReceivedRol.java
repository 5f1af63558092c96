package io.takfed.connector.api;

import java.io.Serializable;

/**
 * A ROL message a peer sent on a session; {@code number} counts per session, for acknowledging. {@code fromOurCa}:
 * the peer's certificate was issued by the CA that issued ours, which automatic group mapping requires.
 */
public record ReceivedRol(String sessionId, long number, String fingerprint, long peerId, boolean fromOurCa,
                          RolMessage message) implements Serializable {
}
