package io.takfed.connector.v2;

import io.grpc.ServerCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A call's listener while a check that may need DNS decides whether the call may start: events wait, in order,
 * and go to the real listener once it exists (or to nothing, when the call was refused). No message is lost in
 * between because none is requested before the real handler starts.
 */
final class DeferredListener<Q> extends ServerCall.Listener<Q> {

    private final List<Consumer<ServerCall.Listener<Q>>> waiting = new ArrayList<>();
    private ServerCall.Listener<Q> delegate;

    /** Hands the waiting events, then every later one, to {@code listener}. */
    synchronized void start(ServerCall.Listener<Q> listener) {
        delegate = listener;
        waiting.forEach(event -> event.accept(listener));
        waiting.clear();
    }

    private synchronized void on(Consumer<ServerCall.Listener<Q>> event) {
        if (delegate == null) {
            waiting.add(event);
        } else {
            event.accept(delegate);
        }
    }

    @Override
    public void onMessage(Q message) {
        on(listener -> listener.onMessage(message));
    }

    @Override
    public void onHalfClose() {
        on(ServerCall.Listener::onHalfClose);
    }

    @Override
    public void onCancel() {
        on(ServerCall.Listener::onCancel);
    }

    @Override
    public void onComplete() {
        on(ServerCall.Listener::onComplete);
    }

    @Override
    public void onReady() {
        on(ServerCall.Listener::onReady);
    }
}
