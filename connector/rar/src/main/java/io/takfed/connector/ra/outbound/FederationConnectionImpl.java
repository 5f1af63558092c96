package io.takfed.connector.ra.outbound;

import io.takfed.connector.api.FederationConnection;
import io.takfed.connector.api.ProbeRequest;
import io.takfed.connector.api.ProbeResult;
import io.takfed.connector.api.TransportStatus;
import io.takfed.connector.transport.TransportRuntime;
import java.util.Optional;

/** An application-side handle; closing it returns the managed connection to the pool. */
public class FederationConnectionImpl implements FederationConnection {

    private volatile FederationManagedConnection managed;

    FederationConnectionImpl(FederationManagedConnection managed) {
        this.managed = managed;
    }

    void associate(FederationManagedConnection connection) {
        this.managed = connection;
    }

    @Override
    public TransportStatus status() {
        return runtime().map(TransportRuntime::status).orElseGet(TransportStatus::stopped);
    }

    @Override
    public ProbeResult probe(ProbeRequest request) {
        return runtime().orElseThrow(() -> new IllegalStateException("the federation transport is not started"))
                .probe(request);
    }

    @Override
    public void applyRouting(io.takfed.connector.api.routing.RoutingTable table) {
        runtime().ifPresent(r -> r.applyRouting(table));
    }

    @Override
    public void dial(io.takfed.connector.api.DialRequest request) {
        runtime().orElseThrow(() -> new IllegalStateException("the federation transport is not started"))
                .dial(request);
    }

    @Override
    public void hangUp(long peerId) {
        runtime().ifPresent(r -> r.hangUp(peerId));
    }

    @Override
    public java.util.List<io.takfed.connector.api.LinkReport> links() {
        return runtime().map(TransportRuntime::links).orElse(java.util.List.of());
    }

    @Override
    public java.util.Map<String, java.util.List<String>> advertisedGroups() {
        return runtime().map(TransportRuntime::advertisedGroups).orElse(java.util.Map.of());
    }

    @Override
    public java.util.List<io.takfed.connector.api.RolLink> rolLinks() {
        return runtime().map(TransportRuntime::rolLinks).orElse(java.util.List.of());
    }

    @Override
    public long sendRol(String sessionId, java.util.List<io.takfed.connector.api.RolMessage> messages) {
        return runtime().orElseThrow(() -> new IllegalStateException("the federation transport is not started"))
                .sendRol(sessionId, messages);
    }

    @Override
    public java.util.List<io.takfed.connector.api.ReceivedRol> receivedRol(int max) {
        return runtime().map(r -> r.receivedRol(max)).orElse(java.util.List.of());
    }

    @Override
    public void ackRol(String sessionId, long number) {
        runtime().ifPresent(r -> r.ackRol(sessionId, number));
    }

    @Override
    public void close() {
        FederationManagedConnection current = managed;
        managed = null;
        if (current != null) {
            current.closeHandle(this);
        }
    }

    private Optional<TransportRuntime> runtime() {
        FederationManagedConnection current = managed;
        if (current == null) {
            throw new IllegalStateException("this connection handle is closed");
        }
        return current.runtime();
    }
}
