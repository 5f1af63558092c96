package io.takfed.connector.routing;

import io.takfed.wire.v2.FederatedFrame;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting for one federate's link. Bounded: when full, the oldest position report goes (live SA is
 * worth nothing once superseded; contact changes are kept as long as anything else can go) and the drop is
 * counted. Drained whenever the link is ready, so a slow federate costs memory up to the bound and never time on
 * anybody else's event loop.
 */
public final class OutboundQueue {

    /** Default per-federate bound; {@code TAKFED_V2_QUEUE_CAPACITY} sets it. */
    public static final int DEFAULT_CAPACITY = 4096;

    /** Where a queue writes: a gRPC stream or a Netty channel. Called only under the queue's lock. */
    public interface Sink {
        boolean ready();

        void write(FederatedFrame frame);

        /** After a drain wrote something: one flush per batch, not per frame. */
        default void flush() {
        }
    }

    private final ArrayDeque<FederatedFrame> queue = new ArrayDeque<>();
    private final int capacity;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private Sink sink;

    public OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void attach(Sink sink) {
        this.sink = sink;
    }

    public synchronized void detach() {
        sink = null;
        queue.clear();
    }

    /** Queues without writing; the caller arranges a {@link #drain()} (for example on the link's own loop). */
    public void enqueue(FederatedFrame frame) {
        synchronized (this) {
            if (queue.size() >= capacity) {
                dropOldest();
            }
            queue.addLast(frame);
        }
    }

    public void offer(FederatedFrame frame) {
        enqueue(frame);
        drain();
    }

    public synchronized void drain() {
        // Neither a gRPC stream observer nor a batch of Netty writes is thread-safe: every write is under this lock.
        int written = 0;
        while (sink != null && sink.ready() && !queue.isEmpty()) {
            sink.write(queue.pollFirst());
            sent.incrementAndGet();
            written++;
        }
        if (written > 0) {
            sink.flush();
        }
    }

    private void dropOldest() {
        Iterator<FederatedFrame> oldestFirst = queue.iterator();
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

    public long sent() {
        return sent.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
