package io.takfed.api.health;

import io.takfed.api.servers.Envelope;
import io.takfed.auth.Role;
import io.takfed.configuration.TakfedSettings;
import io.takfed.node.NodeIdentity;
import io.takfed.peers.FederationCounts;
import io.takfed.peers.PeerService;
import io.takfed.api.security.RequiresRole;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.takfed.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/federation/health}: the seed document's overview, for any authenticated caller. */
@Path("/federation/health")
@ApplicationScoped
@RequiresRole({Role.ADMINISTRATOR_NAME, Role.OBSERVER_NAME})
@Produces(MediaType.APPLICATION_JSON)
public class FederationHealthResource {

    @EJB
    private PeerService peers;

    @EJB
    private NodeIdentity node;

    @Inject
    private TakfedSettings settings;

    @GET
    public Response health() {
        FederationCounts counts = peers.counts();
        return Envelope.ok("health", Json.createObjectBuilder()
                .add("federation_enabled", settings.federationEnabled())
                .add("total_servers", counts.total())
                .add("enabled_servers", counts.enabled())
                .add("connected_servers", counts.connected())
                .add("node_id", node.nodeId())
                .build());
    }
}
