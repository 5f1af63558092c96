package io.takfed.connector.ra.outbound;

import io.takfed.connector.transport.TransportRuntime;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/** A pooled, transaction-less link from the application to the adapter's runtime. */
public class FederationManagedConnection implements ManagedConnection {

    private final FederationManagedConnectionFactory factory;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<FederationConnectionImpl> handles = new CopyOnWriteArrayList<>();
    private PrintWriter logWriter;

    FederationManagedConnection(FederationManagedConnectionFactory factory) {
        this.factory = factory;
    }

    Optional<TransportRuntime> runtime() {
        return factory.adapter() == null ? Optional.empty() : factory.adapter().runtime();
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) {
        FederationConnectionImpl handle = new FederationConnectionImpl(this);
        handles.add(handle);
        return handle;
    }

    void closeHandle(FederationConnectionImpl handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        listeners.forEach(listener -> listener.connectionClosed(event));
    }

    @Override
    public void associateConnection(Object connection) {
        FederationConnectionImpl handle = (FederationConnectionImpl) connection;
        handle.associate(this);
        handles.add(handle);
    }

    @Override
    public void cleanup() {
        handles.clear();
    }

    @Override
    public void destroy() {
        handles.clear();
        listeners.clear();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("the federation transport is not transactional");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("the federation transport is not transactional");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "takfed federation transport";
            }

            @Override
            public String getEISProductVersion() {
                return "0.1";
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return null;
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
