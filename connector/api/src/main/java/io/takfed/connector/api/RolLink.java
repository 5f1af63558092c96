package io.takfed.connector.api;

import java.io.Serializable;

/**
 * A v2 session that can carry ROL to the peer, as mission delivery sees it. {@code sessionId} names this one
 * connection: a new connection is a new id, and what was in flight on the old one counts as not delivered.
 * Messages get tickets 1, 2, ... per session; {@code confirmed} is the highest ticket delivery counts as confirmed
 * for (see README, "Mission delivery"), {@code written} the highest written.
 *
 * @param peerId           for a link we dialled, the peer's id; 0 for one the peer dialled (match by fingerprint)
 * @param peerAcknowledges whether the peer reports what it stored (a takfed peer), which is then what confirms;
 *                         otherwise (TAK) the session's health does
 */
public record RolLink(String sessionId, String fingerprint, long peerId, String direction, long written,
                      long confirmed, boolean peerAcknowledges) implements Serializable {
}
