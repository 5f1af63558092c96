package io.takfed.api.servers;

import io.takfed.auth.Role;
import io.takfed.connector.api.ProbeResult;
import io.takfed.peers.PeerProbeService;
import io.takfed.peers.PeerService;
import io.takfed.peers.PeerView;
import io.takfed.api.security.RequiresRole;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import io.takfed.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /api/federation/servers}: the seed document's federation-server administration, for administrators. */
@Path("/federation/servers")
@ApplicationScoped
@RequiresRole(Role.ADMINISTRATOR_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class FederationServersResource {

    @EJB
    private PeerService peers;

    @EJB
    private PeerProbeService probes;

    @EJB
    private io.takfed.transport.TransportGateway transport;

    @GET
    public Response list() {
        JsonArrayBuilder servers = Json.createArrayBuilder();
        peers.list().forEach(p -> servers.add(PeerJsonWriter.server(p)));
        return Envelope.ok("servers", servers.build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context UriInfo uri, @Context SecurityContext caller) {
        PeerView created = peers.create(PeerJsonReader.read(body), io.takfed.api.security.Actor.of(caller));
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.body(true, "server", PeerJsonWriter.server(created))).build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") long id) {
        return Envelope.ok("server", PeerJsonWriter.server(peers.get(id)));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") long id, String body, @Context SecurityContext caller) {
        var patch = PeerJsonReader.read(body);
        String actor = io.takfed.api.security.Actor.of(caller);
        return Envelope.ok("server", PeerJsonWriter.server(Contention.retried(() -> peers.update(id, patch, actor))));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext caller) {
        String actor = io.takfed.api.security.Actor.of(caller);
        Contention.retried(() -> {
            peers.delete(id, actor);
            return null;
        });
        return Envelope.ok("message", Json.createValue("federation server " + id + " deleted"));
    }

    /** Refuses a (pending) federate by its certificate; PUT {"enabled": true} lifts it. */
    @POST
    @Path("{id}/reject")
    public Response reject(@PathParam("id") long id, @Context SecurityContext caller) {
        String actor = io.takfed.api.security.Actor.of(caller);
        return Envelope.ok("server", PeerJsonWriter.server(Contention.retried(() -> peers.reject(id, actor))));
    }

    /** The mission changes that kept failing for this peer: held out of its delivery until re-driven. */
    @GET
    @Path("{id}/dead-letters")
    public Response deadLetters(@PathParam("id") long id) {
        JsonArrayBuilder letters = Json.createArrayBuilder();
        for (var letter : peers.deadLetters(id)) {
            letters.add(Json.createObjectBuilder().add("seq", letter.seq()).add("change_type", letter.changeType())
                    .add("mission_name", letter.missionName()).add("attempts", letter.attempts())
                    .add("last_error", letter.lastError()).add("failed_at", letter.failedAt().toString()));
        }
        return Envelope.ok("dead_letters", letters.build());
    }

    /** Sends the dead letters again, in log order from the first of them; receivers apply each change once. */
    @POST
    @Path("{id}/dead-letters/redrive")
    public Response redrive(@PathParam("id") long id, @Context SecurityContext caller) {
        return Envelope.ok("redriven", Json.createValue(peers.redrive(id, io.takfed.api.security.Actor.of(caller))));
    }

    @GET
    @Path("{id}/status")
    public Response status(@PathParam("id") long id) {
        PeerView peer = peers.get(id);
        // Its dialled link (by id, even before a certificate is seen) or a link with its certificate; a live one
        // before the record of a failed one.
        var link = transport.links().stream()
                .filter(l -> l.peerId() == id || (peer.fingerprint() != null && peer.fingerprint().equals(l.fingerprint())))
                .min(java.util.Comparator.comparing(l -> !l.federate()));
        return Envelope.ok("status", PeerJsonWriter.status(peer, peers.stats(id), peers.deliveryState(id),
                peers.receivedCounts(id), link));
    }

    /** A real connect and handshake; {@code success} says whether the peer passed. */
    @POST
    @Path("{id}/test")
    public Response test(@PathParam("id") long id) throws ResourceException {
        PeerView peer = peers.get(id);
        ProbeResult result = probes.test(id);
        return Response.ok(Envelope.body(result.succeeded(), "test", PeerJsonWriter.test(peer, result)),
                MediaType.APPLICATION_JSON_TYPE).build();
    }
}
