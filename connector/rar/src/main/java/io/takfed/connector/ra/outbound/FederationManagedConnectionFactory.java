package io.takfed.connector.ra.outbound;

import io.takfed.connector.api.FederationConnection;
import io.takfed.connector.api.FederationConnectionFactory;
import io.takfed.connector.ra.FederationResourceAdapter;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.PrintWriter;
import java.util.Set;
import javax.security.auth.Subject;

/** Hands the application handles on the adapter's transport; there is no per-connection socket to pool. */
@ConnectionDefinition(connectionFactory = FederationConnectionFactory.class,
        connectionFactoryImpl = FederationConnectionFactoryImpl.class,
        connection = FederationConnection.class, connectionImpl = FederationConnectionImpl.class)
public class FederationManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    private transient FederationResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager manager) {
        return new FederationConnectionFactoryImpl(this, manager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new jakarta.resource.NotSupportedException("takfed's connector runs inside an application server only");
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) {
        return new FederationManagedConnection(this);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        for (Object candidate : candidates) {
            if (candidate instanceof FederationManagedConnection connection) {
                return connection;
            }
        }
        return null;
    }

    FederationResourceAdapter adapter() {
        return resourceAdapter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) {
        this.resourceAdapter = (FederationResourceAdapter) adapter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FederationManagedConnectionFactory;
    }

    @Override
    public int hashCode() {
        return FederationManagedConnectionFactory.class.hashCode();
    }
}
