package io.takfed.missions;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The change log's one writer. Writes from many callers run on a single thread, in the order they arrived, as many
 * as are waiting in one transaction (group commit), and each caller returns once its write has committed.
 * <p>
 * One writer is what makes the log safe to read by position: sequence numbers are handed out in commit order, so a
 * delivery cursor that has seen change n has seen every change before n. With concurrent writers n + 1 could commit
 * while n is still open, a cursor would move past n, and n would never be sent. Batching turns many small commits
 * into one, which is where durable writes spend their time.
 * <p>
 * A batch in which any write fails is rolled back whole, then each of its writes runs again alone, so a failing
 * write fails only its own caller, with its own exception. A rollback also empties the writer's
 * {@link MissionIndex}, which may hold what the rolled back writes did.
 * <p>
 * A batch's rows go to the database together, flushed every {@link #FLUSH_EVERY} writes and at commit, so that
 * Hibernate sends them as JDBC batches rather than a statement or two per write.
 */
public final class GroupCommit implements AutoCloseable {

    /** Runs work in a transaction of its own: committed when it returns, rolled back when it throws. */
    @FunctionalInterface
    public interface Transactions {
        void inNewTransaction(Runnable work);
    }

    /** Writes committed together at most; a received batch of ROL programs counts as one write. */
    static final int MAX_BATCH = 256;
    /** Writes waiting at most; callers beyond that wait to enqueue, which slows writers down rather than drop. */
    static final int MAX_WAITING = 4096;
    /** Writes between flushing and clearing the persistence context; the JDBC batch size. */
    static final int FLUSH_EVERY = 100;
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

    private final BlockingQueue<Write<?>> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final Transactions transactions;
    private final EntityManager em;
    private final Thread thread;
    private final MissionIndex index = new MissionIndex();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean open = true;

    public GroupCommit(Transactions transactions, EntityManager em, ThreadFactory threads) {
        this.transactions = transactions;
        this.em = em;
        this.thread = threads.newThread(this::run);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code work} in the writer's transaction and returns its result once that transaction committed; throws
     * what the work threw (its transaction then committed nothing of it). Called from the writer's own thread, it
     * runs at once, as part of the write in progress.
     */
    public <T> T write(Function<EntityManager, T> work) {
        if (Thread.currentThread() == thread) {
            return work.apply(em);
        }
        try {
            return submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the change log writer; the write may "
                    + "or may not have committed", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The writer's index of the mission tables, for the missions code that runs in its writes; only the writer's
     * own thread may use it.
     */
    public MissionIndex index() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("the mission index belongs to the change log writer's thread");
        }
        return index;
    }

    /**
     * Queues {@code work} for the writer's next transaction and returns at once (unless {@link #MAX_WAITING} writes
     * wait already: then it waits for room); the future completes, on the writer's thread, once the work committed,
     * or fails with what it threw. For callers that need no thread of their own per write in flight.
     */
    public <T> CompletableFuture<T> submit(Function<EntityManager, T> work) throws InterruptedException {
        if (!open) {
            throw new IllegalStateException("the change log writer has stopped");
        }
        Write<T> write = new Write<>(work);
        waiting.put(write);
        if (!open) {
            // Closed while this was being queued: the writer may be gone, so nobody else would answer it.
            refuseWaiting();
        }
        return write.outcome;
    }

    /** Writes waiting for the writer now. */
    public int waiting() {
        return waiting.size();
    }

    /** Transactions committed and writes in them since start. */
    public long[] counts() {
        return new long[] {commits.get(), writes.get()};
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refuseWaiting();
    }

    private void run() {
        List<Write<?>> batch = new ArrayList<>(MAX_BATCH);
        while (open) {
            try {
                Write<?> first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                // Never leave a caller waiting, whatever went wrong.
                LOG.log(Level.SEVERE, "TAKFED-M004 The change log writer failed a batch", e);
                batch.forEach(w -> w.fail(e));
            } finally {
                batch.clear();
            }
        }
        refuseWaiting();
    }

    private void commit(List<Write<?>> batch) {
        try {
            transactions.inNewTransaction(() -> {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).run(em);
                    // A bounded persistence context: each flush checks every entity in it.
                    if ((i + 1) % FLUSH_EVERY == 0) {
                        em.flush();
                        em.clear();
                    }
                }
            });
            commits.incrementAndGet();
            writes.addAndGet(batch.size());
            batch.forEach(Write::succeed);
        } catch (RuntimeException e) {
            index.reset();
            if (batch.size() == 1) {
                batch.get(0).fail(e);
                return;
            }
            for (Write<?> write : batch) {
                commit(List.of(write));
            }
        }
    }

    private void refuseWaiting() {
        List<Write<?>> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(w -> w.fail(new IllegalStateException("the change log writer has stopped; nothing was written")));
    }

    /** One caller's write: its work, the result of its last run, and the outcome the caller waits for. */
    private static final class Write<T> {
        private final Function<EntityManager, T> work;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();
        private T result;

        Write(Function<EntityManager, T> work) {
            this.work = work;
        }

        void run(EntityManager em) {
            result = work.apply(em);
        }

        void succeed() {
            outcome.complete(result);
        }

        void fail(Throwable failure) {
            outcome.completeExceptionally(failure);
        }
    }
}
