package io.takfed.missions;

import java.util.ArrayDeque;

/**
 * What was sent to one peer on one session and not yet confirmed: each scanned change with the ticket whose
 * confirmation makes it delivered (its own, or for a change the peer is not meant to get, the ticket sent before
 * it). Kept in memory only: a new session (or a restart) starts again from the persisted cursor.
 */
public final class InFlight {

    private final String sessionId;
    private final ArrayDeque<long[]> waiting = new ArrayDeque<>();
    private long lastScanned;
    private long lastTicket;
    private boolean peerAcknowledges;

    InFlight(String sessionId, long cursor) {
        this.sessionId = sessionId;
        this.lastScanned = cursor;
    }

    String sessionId() {
        return sessionId;
    }

    long lastScanned() {
        return lastScanned;
    }

    /** Whether the peer reports what it stored, so that confirmation waits for its commit (a takfed peer). */
    boolean peerAcknowledges() {
        return peerAcknowledges;
    }

    int waiting() {
        return waiting.size();
    }

    /** A change sent with {@code ticket}. */
    void sent(long seq, long ticket) {
        waiting.add(new long[] {seq, ticket});
        lastTicket = ticket;
        lastScanned = seq;
    }

    /** A change this peer does not get: delivered as soon as everything sent before it is. */
    void skipped(long seq) {
        waiting.add(new long[] {seq, lastTicket});
        lastScanned = seq;
    }

    /** Whether something sent on this session (not only skipped) still waits for confirmation. */
    boolean unconfirmed() {
        return waiting.stream().anyMatch(entry -> entry[1] > 0);
    }

    /**
     * The highest seq now delivered, given the session's confirmed ticket and whether the peer's reports of what it
     * stored are what confirmed it; -1 when nothing moved.
     */
    long confirm(long confirmedTicket, boolean byPeer) {
        peerAcknowledges = byPeer;
        long delivered = -1;
        while (!waiting.isEmpty() && waiting.peekFirst()[1] <= confirmedTicket) {
            delivered = waiting.pollFirst()[0];
        }
        return delivered;
    }
}
