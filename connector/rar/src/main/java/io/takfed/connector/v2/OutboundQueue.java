package io.takfed.connector.v2;

import io.grpc.stub.CallStreamObserver;
import io.takfed.wire.v2.FederatedEvent;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events waiting for one federate's stream. Bounded: when full, the oldest position report goes (live SA
 * is worth nothing once superseded; contact changes are kept as long as anything else can go) and the drop is
 * counted. Drained whenever the stream is ready, so a slow federate costs memory up to the bound and never
 * time on anybody else's event loop.
 */
final class OutboundQueue {

    /** Default per-federate bound; {@code TAKFED_V2_QUEUE_CAPACITY} sets it. */
    static final int DEFAULT_CAPACITY = 4096;

    private final ArrayDeque<FederatedEvent> queue = new ArrayDeque<>();
    private final int capacity;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private CallStreamObserver<FederatedEvent> stream;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Binds the stream and drains on its readiness; call while the gRPC call is being set up. */
    synchronized void attach(CallStreamObserver<FederatedEvent> stream) {
        this.stream = stream;
        stream.setOnReadyHandler(this::drain);
    }

    synchronized void detach() {
        stream = null;
        queue.clear();
    }

    synchronized boolean attached() {
        return stream != null;
    }

    void offer(FederatedEvent event) {
        synchronized (this) {
            if (queue.size() >= capacity) {
                dropOldest();
            }
            queue.addLast(event);
        }
        drain();
    }

    synchronized void drain() {
        // A gRPC stream observer is not thread-safe: every write happens under this queue's lock.
        while (stream != null && stream.isReady() && !queue.isEmpty()) {
            stream.onNext(queue.pollFirst());
            sent.incrementAndGet();
        }
    }

    private void dropOldest() {
        Iterator<FederatedEvent> oldestFirst = queue.iterator();
        while (oldestFirst.hasNext()) {
            if (!oldestFirst.next().hasContact()) {
                oldestFirst.remove();
                dropped.incrementAndGet();
                return;
            }
        }
        queue.pollFirst();
        dropped.incrementAndGet();
    }

    long sent() {
        return sent.get();
    }

    long dropped() {
        return dropped.get();
    }

    synchronized int depth() {
        return queue.size();
    }
}
