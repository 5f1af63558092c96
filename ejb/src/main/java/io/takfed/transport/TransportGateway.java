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
        return orElse(FederationConnection::status, TransportStatus.stopped());
    }

    /** The live links; none when the transport cannot be reached. */
    public java.util.List<io.takfed.connector.api.LinkReport> links() {
        return orElse(FederationConnection::links, java.util.List.of());
    }

    /** The groups each approved peer advertised last, by fingerprint; none when the transport cannot be reached. */
    public java.util.Map<String, java.util.List<String>> advertisedGroups() {
        return orElse(FederationConnection::advertisedGroups, java.util.Map.of());
    }

    public void applyRouting(io.takfed.connector.api.routing.RoutingTable table) {
        reach(connection -> {
            connection.applyRouting(table);
            return null;
        });
    }

    public void dial(io.takfed.connector.api.DialRequest request) {
        reach(connection -> {
            connection.dial(request);
            return null;
        });
    }

    /** The v2 sessions that can carry ROL now; none when the transport cannot be reached. */
    public java.util.List<io.takfed.connector.api.RolLink> rolLinks() {
        return orElse(FederationConnection::rolLinks, java.util.List.of());
    }

    public long sendRol(String sessionId, java.util.List<io.takfed.connector.api.RolMessage> messages) {
        return reach(connection -> connection.sendRol(sessionId, messages));
    }

    public java.util.List<io.takfed.connector.api.ReceivedRol> receivedRol(int max) {
        return orElse(connection -> connection.receivedRol(max), java.util.List.of());
    }

    public void ackRol(String sessionId, long number) {
        reach(connection -> {
            connection.ackRol(sessionId, number);
            return null;
        });
    }

    public void hangUp(long peerId) {
        reach(connection -> {
            connection.hangUp(peerId);
            return null;
        });
    }

    /** One connection handle for one piece of work, closed after it; an unreachable adapter is an error. */
    private <T> T reach(java.util.function.Function<FederationConnection, T> work) {
        try (FederationConnection connection = factory.getConnection()) {
            return work.apply(connection);
        } catch (ResourceException e) {
            throw new IllegalStateException("the federation transport cannot be reached", e);
        }
    }

    /** As {@link #reach}, but an unreachable or failing adapter yields {@code fallback}, logged. */
    private <T> T orElse(java.util.function.Function<FederationConnection, T> work, T fallback) {
        try {
            return reach(work);
        } catch (RuntimeException e) {
            Throwable reason = e.getCause() instanceof ResourceException ? e.getCause() : e;
            LOG.log(Level.WARNING, "TAKFED-T010 The federation transport cannot be reached: {0}", reason.toString());
            return fallback;
        }
    }

    public ProbeResult probe(ProbeRequest request) throws ResourceException {
        try (FederationConnection connection = factory.getConnection()) {
            return connection.probe(request);
        }
    }
}
