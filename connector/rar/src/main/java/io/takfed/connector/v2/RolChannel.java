package io.takfed.connector.v2;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.takfed.connector.api.ReceivedRol;
import io.takfed.connector.api.RolLink;
import io.takfed.connector.api.RolMessage;
import io.takfed.wire.v2.BinaryBlob;
import io.takfed.wire.v2.FederateProvenance;
import io.takfed.wire.v2.ROL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.LongSupplier;

/**
 * The ROL side of one v2 session, in either role: what we write to the peer, numbered by ticket, and what the peer
 * wrote to us, held until the domain acknowledges it as applied.
 * <p>
 * v2 has no application acknowledgement. A takfed peer adds one to its health messages ({@code committedRol}: how
 * many of our messages on this session it has stored), and we confirm up to it. A peer that does not (TAK) is
 * confirmed by the session's health: at each healthy event (a SERVING answer to our health check as the client, a
 * health check from the peer as the server) the tickets written before the previous healthy event count as
 * confirmed, that is, once the session stayed healthy for a whole health interval after the write. Whatever was in
 * flight when a session ends is replayed on the next one, and receivers apply a change only once. What we stored
 * of the peer's messages goes into our own health messages the same way ({@link #stored()}).
 */
final class RolChannel {

    /** Received messages kept per session before the peer is cut off for not being drained. */
    static final int MAX_RECEIVED = 100_000;

    private final String sessionId = UUID.randomUUID().toString();
    private final String direction;
    private final LongSupplier peerId;
    private final java.util.function.Supplier<String> fingerprint;
    private final ConcurrentLinkedDeque<ReceivedRol> received = new ConcurrentLinkedDeque<>();
    /** How many {@code received} holds: the deque's own size() walks it, which a backlog made quadratic. */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private StreamObserver<ROL> out;
    private long written;
    private long writtenAtLastHealth;
    private volatile long confirmed;
    /** Whether the peer reports what it stored: from then on only its reports confirm. */
    private volatile boolean peerAcknowledges;
    private long receivedCount;
    /** The number of the last received message the domain acknowledged as stored (they are acknowledged in order). */
    private volatile long stored;

    private final java.util.function.BooleanSupplier fromOurCa;

    RolChannel(String direction, LongSupplier peerId, java.util.function.Supplier<String> fingerprint,
               java.util.function.BooleanSupplier fromOurCa) {
        this.fromOurCa = fromOurCa;
        this.direction = direction;
        this.peerId = peerId;
        this.fingerprint = fingerprint;
    }

    String sessionId() {
        return sessionId;
    }

    synchronized void attach(StreamObserver<ROL> stream) {
        out = stream;
    }

    synchronized void detach() {
        out = null;
    }

    synchronized boolean canSend() {
        return out != null;
    }

    /** Writes the messages in order; the ticket of the last one. */
    synchronized long send(List<RolMessage> messages) {
        if (out == null) {
            throw new IllegalStateException("session " + sessionId + " has no ROL stream to its peer");
        }
        for (RolMessage message : messages) {
            ROL.Builder rol = ROL.newBuilder().setProgram(message.program()).addAllFederateGroups(message.groups());
            for (byte[] payload : message.payloads()) {
                rol.addPayload(BinaryBlob.newBuilder().setData(ByteString.copyFrom(payload)));
            }
            for (String node : message.provenance()) {
                rol.addFederateProvenance(FederateProvenance.newBuilder().setFederationServerId(node)
                        .setFederationServerName(node));
            }
            out.onNext(rol.build());
            written++;
        }
        return written;
    }

    /**
     * The session was healthy just now. When the peer's health message carried {@code committedRol}
     * ({@code reported}), {@code peerStored} is how many of our messages the peer has stored, which is what is
     * confirmed; without it, what was written by the previous healthy event is.
     */
    synchronized void healthy(boolean reported, long peerStored) {
        if (reported) {
            peerAcknowledges = true;
            // Never past what this session wrote, and never back: a report overtaken by a later one changes nothing.
            confirmed = Math.max(confirmed, Math.min(peerStored, written));
        } else if (!peerAcknowledges) {
            confirmed = writtenAtLastHealth;
        }
        writtenAtLastHealth = written;
    }

    /** How many of the peer's messages on this session are stored, for our health messages to report. */
    long stored() {
        return stored;
    }

    /**
     * Whether a health check now, besides the regular ones, would move a confirmation on: only with a peer that
     * reports what it stored (a TAK peer's confirmations are timed by the regular checks, so they get no others),
     * when it has messages of ours to confirm or we stored messages of its since we last reported
     * {@code storedReported}.
     */
    synchronized boolean worthReporting(long storedReported) {
        return peerAcknowledges && (confirmed < written || stored > storedReported);
    }

    /** False once too much is waiting for the domain: the caller ends the session rather than lose messages. */
    boolean received(ROL rol) {
        if (waiting.get() >= MAX_RECEIVED) {
            return false;
        }
        List<byte[]> payloads = new ArrayList<>();
        rol.getPayloadList().forEach(blob -> payloads.add(blob.getData().toByteArray()));
        List<String> provenance = rol.getFederateProvenanceList().stream()
                .map(FederateProvenance::getFederationServerId).toList();
        synchronized (this) {
            receivedCount++;
            received.add(new ReceivedRol(sessionId, receivedCount, fingerprint.get(), peerId.getAsLong(),
                    fromOurCa.getAsBoolean(), new RolMessage(rol.getProgram(), payloads, provenance,
                    rol.getFederateGroupsList())));
            waiting.incrementAndGet();
        }
        return true;
    }

    List<ReceivedRol> waiting(int max) {
        List<ReceivedRol> oldest = new ArrayList<>();
        for (ReceivedRol rol : received) {
            if (oldest.size() >= max) {
                break;
            }
            oldest.add(rol);
        }
        return oldest;
    }

    void ack(long number) {
        synchronized (this) {
            stored = Math.max(stored, number);
        }
        while (!received.isEmpty() && received.peekFirst().number() <= number) {
            if (received.pollFirst() != null) {
                waiting.decrementAndGet();
            }
        }
    }

    synchronized RolLink report() {
        return new RolLink(sessionId, fingerprint.get(), peerId.getAsLong(), direction, written, confirmed,
                peerAcknowledges);
    }
}
