package io.takfed.connector.ra;

import io.takfed.connector.transport.ConnectorSettings;
import io.takfed.connector.transport.TransportRuntime;
import io.takfed.pki.PemException;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;

/**
 * Lifecycle only: {@link #start} builds the transport (identity, TLS, event loops), {@link #stop} tears it down
 * before returning. Listeners and dial-outs hang off the runtime; inbound delivery to the application is added
 * with the federation protocols.
 */
@Connector(displayName = "takfed federation connector", vendorName = "takfed", eisType = "TAK Federation",
        version = "0.1", transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class FederationResourceAdapter implements ResourceAdapter, java.io.Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(FederationResourceAdapter.class.getName());

    private transient volatile TransportRuntime runtime;

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        ConnectorSettings settings;
        try {
            settings = ConnectorSettings.fromEnvironment();
            runtime = TransportRuntime.start(settings);
        } catch (IOException | PemException | IllegalArgumentException | IllegalStateException e) {
            LOG.log(Level.SEVERE, "TAKFED-T003 The federation transport cannot start: {0}", e.getMessage());
            throw new ResourceAdapterInternalException("federation transport: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        TransportRuntime current = runtime;
        runtime = null;
        if (current != null) {
            current.close();
        }
    }

    /** The running transport, if the adapter is started. */
    public Optional<TransportRuntime> runtime() {
        return Optional.ofNullable(runtime);
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        throw new NotSupportedException("inbound message endpoints are not offered yet");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        // Nothing is ever activated.
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return null;
    }

    // The connector specification requires JavaBean equality; this adapter has no configuration properties.
    @Override
    public boolean equals(Object other) {
        return other instanceof FederationResourceAdapter;
    }

    @Override
    public int hashCode() {
        return FederationResourceAdapter.class.hashCode();
    }
}
