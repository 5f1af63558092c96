package io.takfed.connector.v2;

import io.grpc.Status;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every live v2 session, and the liveness sweep that ends those whose health checks stopped. */
final class V2Sessions {

    private static final Logger LOG = Logger.getLogger(V2Sessions.class.getName());

    private final Map<String, V2Session> byKey = new ConcurrentHashMap<>();
    private final Duration healthTimeout;
    private final LongSupplier nanoClock;
    private volatile java.util.function.Consumer<V2Session> onOpen = s -> { };
    private volatile java.util.function.Consumer<V2Session> onClose = s -> { };

    /** Called once for each new session, and after a session ended (to tell the others: its contacts go away). */
    void onOpenAndClose(java.util.function.Consumer<V2Session> opened, java.util.function.Consumer<V2Session> closed) {
        this.onOpen = opened;
        this.onClose = closed;
    }

    V2Sessions(Duration healthTimeout, LongSupplier nanoClock) {
        this.healthTimeout = healthTimeout;
        this.nanoClock = nanoClock;
    }

    V2Session open(String key, java.util.function.Function<String, V2Session> create) {
        V2Session existing = byKey.get(key);
        if (existing != null) {
            return existing;
        }
        boolean[] created = {false};
        V2Session session = byKey.computeIfAbsent(key, k -> {
            created[0] = true;
            return create.apply(k);
        });
        if (created[0]) {
            onOpen.accept(session);
            if (byKey.get(key) != session) {
                // The connection ended while we announced it: do not leave it behind as a member.
                onClose.accept(session);
            }
        }
        return session;
    }

    Optional<V2Session> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    void close(String key) {
        V2Session session = byKey.remove(key);
        if (session != null) {
            onClose.accept(session);
            LOG.log(Level.INFO, "TAKFED-V2-002 Federate {0} disconnected ({1} in, {2} out, {3} dropped)",
                    new Object[] {session.displayName(), String.valueOf(session.eventsIn()),
                            String.valueOf(session.eventsOut()), String.valueOf(session.eventsDropped())});
        }
    }

    Collection<V2Session> all() {
        return byKey.values();
    }

    long now() {
        return nanoClock.getAsLong();
    }

    /**
     * Ends the event and ROL streams of every session whose last health check is at least the timeout old, with
     * DEADLINE_EXCEEDED, as TAK's server does; the peer then reconnects from scratch.
     */
    int sweep() {
        long now = nanoClock.getAsLong();
        int expired = 0;
        for (V2Session session : byKey.values()) {
            if (session.hasClientEventStream() && now - session.lastHealthNanos() >= healthTimeout.toNanos()) {
                LOG.log(Level.WARNING, "TAKFED-V2-003 No health check from {0} for {1} s: ending its streams",
                        new Object[] {session.displayName(), healthTimeout.toSeconds()});
                session.expire(Status.DEADLINE_EXCEEDED.withDescription("no health check within "
                        + healthTimeout.toSeconds() + " s"));
                expired++;
            }
        }
        return expired;
    }
}
