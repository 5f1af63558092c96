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
    /** The highest ticket the peer confirmed on this session. */
    private long highestConfirmed;
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

    /** Changes sent on the session and not yet confirmed (skipped ones join them; see {@link #skipped}). */
    int waiting() {
        long[] first = waiting.peekFirst();
        // Each entry waits for a ticket of its own, one change sent, except a first run of changes skipped after
        // everything sent before them was confirmed.
        return waiting.size() - (first != null && first[1] <= highestConfirmed ? 1 : 0);
    }

    /** A change sent with {@code ticket}. */
    void sent(long seq, long ticket) {
        waiting.add(new long[] {seq, ticket});
        lastTicket = ticket;
        lastScanned = seq;
    }

    /**
     * A change this peer does not get: delivered as soon as everything sent before it is. It joins the entry before
     * it when that one waits for the same ticket, so skipped changes (on a receiver, every change the peer itself
     * sent) hold no memory and do not count as in flight.
     */
    void skipped(long seq) {
        long[] last = waiting.peekLast();
        if (last != null && last[1] == lastTicket) {
            last[0] = seq;
        } else {
            waiting.add(new long[] {seq, lastTicket});
        }
        lastScanned = seq;
    }

    /** Whether something sent on this session (not only skipped) still waits for confirmation. */
    boolean unconfirmed() {
        return waiting() > 0;
    }

    /**
     * The highest seq now delivered, given the session's confirmed ticket and whether the peer's reports of what it
     * stored are what confirmed it; -1 when nothing moved.
     */
    long confirm(long confirmedTicket, boolean byPeer) {
        peerAcknowledges = byPeer;
        highestConfirmed = Math.max(highestConfirmed, confirmedTicket);
        long delivered = -1;
        while (!waiting.isEmpty() && waiting.peekFirst()[1] <= confirmedTicket) {
            delivered = waiting.pollFirst()[0];
        }
        return delivered;
    }
}
