package io.takfed.peers;

import io.takfed.configuration.TakfedSettings;
import io.takfed.connector.api.ProbeRequest;
import io.takfed.connector.api.ProbeResult;
import io.takfed.transport.TransportGateway;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.resource.ResourceException;
import java.util.Set;

/**
 * Tests a peer with its configured material, on a fresh socket: a live link is never touched, and the peer's
 * recorded status stays what the link says it is.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PeerProbeService {

    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    @EJB
    private PeerService peers;

    @EJB
    private TransportGateway transport;

    @Inject
    private TakfedSettings settings;

    public ProbeResult test(long id) throws ResourceException {
        PeerCredentials credentials = peers.credentials(id);
        PeerView peer = credentials.peer();
        if (peer.address() != null && WILDCARDS.contains(peer.address())) {
            throw new PeerNotDialableException("'" + peer.name() + "' has the wildcard address " + peer.address()
                    + ": an inbound peer dials us, so there is nothing to dial; set its real address to test it");
        }
        ProbeRequest request = new ProbeRequest(peer.address(), peer.port(), true, peer.verifySsl(),
                credentials.anchors(), credentials.clientChain(), credentials.clientKey().orElse(null),
                settings.probeTimeout(), peer.fingerprint(), peer.address() == null ? peer.domain() : null,
                peer.protocolVersion(), ProbeAuthorization.of(peer, settings.strategy()),
                PeerStatus.CONNECTED.equals(peer.status()));
        return transport.probe(request);
    }

}
