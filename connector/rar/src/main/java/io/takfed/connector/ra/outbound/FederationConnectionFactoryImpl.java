package io.takfed.connector.ra.outbound;

import io.takfed.connector.api.FederationConnection;
import io.takfed.connector.api.FederationConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import javax.naming.Reference;

/** The object the application finds in JNDI. */
public class FederationConnectionFactoryImpl implements FederationConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final transient FederationManagedConnectionFactory managedFactory;
    private final transient ConnectionManager manager;
    private Reference reference;

    FederationConnectionFactoryImpl(FederationManagedConnectionFactory managedFactory, ConnectionManager manager) {
        this.managedFactory = managedFactory;
        this.manager = manager;
    }

    @Override
    public FederationConnection getConnection() throws ResourceException {
        return (FederationConnection) manager.allocateConnection(managedFactory, null);
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
