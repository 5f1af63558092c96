package io.takfed.transport;

import io.takfed.connector.api.FederationConnection;
import io.takfed.connector.api.FederationConnectionFactory;
import io.takfed.connector.api.ProbeRequest;
import io.takfed.connector.api.ProbeResult;
import io.takfed.connector.api.TransportStatus;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.resource.ResourceException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The resource adapter as the domain sees it. No transaction: a probe may take seconds and must not hold a
 * database connection meanwhile.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TransportGateway {

    private static final Logger LOG = Logger.getLogger(TransportGateway.class.getName());

    @Resource(lookup = FederationConnectionFactory.JNDI_NAME)
    private FederationConnectionFactory factory;

    /** The adapter's state; "stopped" when it cannot be reached at all. */
    public TransportStatus status() {
        try (FederationConnection connection = factory.getConnection()) {
            return connection.status();
        } catch (ResourceException | RuntimeException e) {
            LOG.log(Level.WARNING, "TAKFED-T010 The federation transport cannot be reached: {0}", e.toString());
            return TransportStatus.stopped();
        }
    }

    /** The live links; none when the transport cannot be reached. */
    public java.util.List<io.takfed.connector.api.LinkReport> links() {
        try (FederationConnection connection = factory.getConnection()) {
            return connection.links();
        } catch (ResourceException | RuntimeException e) {
            LOG.log(Level.WARNING, "TAKFED-T010 The federation transport cannot be reached: {0}", e.toString());
            return java.util.List.of();
        }
    }

    public void applyRouting(io.takfed.connector.api.routing.RoutingTable table) {
        try (FederationConnection connection = factory.getConnection()) {
            connection.applyRouting(table);
        } catch (ResourceException e) {
            throw new IllegalStateException("the federation transport cannot be reached", e);
        }
    }

    public void dial(io.takfed.connector.api.DialRequest request) {
        try (FederationConnection connection = factory.getConnection()) {
            connection.dial(request);
        } catch (ResourceException e) {
            throw new IllegalStateException("the federation transport cannot be reached", e);
        }
    }

    public void hangUp(long peerId) {
        try (FederationConnection connection = factory.getConnection()) {
            connection.hangUp(peerId);
        } catch (ResourceException e) {
            throw new IllegalStateException("the federation transport cannot be reached", e);
        }
    }

    public ProbeResult probe(ProbeRequest request) throws ResourceException {
        try (FederationConnection connection = factory.getConnection()) {
            return connection.probe(request);
        }
    }
}
