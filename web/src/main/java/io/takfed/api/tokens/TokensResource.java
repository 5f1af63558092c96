package io.takfed.api.tokens;

import io.takfed.api.JsonBody;
import io.takfed.api.problems.ApiException;
import io.takfed.api.problems.ApiProblem;
import io.takfed.api.servers.Envelope;
import io.takfed.auth.IssuedToken;
import io.takfed.auth.Role;
import io.takfed.auth.TokenService;
import io.takfed.api.security.Actor;
import io.takfed.api.security.RequiresRole;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import io.takfed.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;

/** {@code /api/tokens}: administrators issue tokens (the secret is shown once), list and revoke them. */
@Path("/tokens")
@ApplicationScoped
@RequiresRole(Role.ADMINISTRATOR_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    private static final Set<String> FIELDS = Set.of("name", "role");

    @EJB
    private TokenService tokens;

    @GET
    public Response list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        tokens.list().forEach(t -> list.add(Json.createObjectBuilder().add("id", t.id()).add("name", t.name())
                .add("role", t.role().label()).add("created_at", t.createdAt().toString())));
        return Envelope.ok("tokens", list.build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issue(String body, @Context SecurityContext caller) {
        JsonObject request = JsonBody.object(body);
        request.keySet().stream().filter(k -> !FIELDS.contains(k)).findFirst().ifPresent(k -> {
            throw new ApiException(ApiProblem.field(k, "unknown-field", k + " is not a field of a token"));
        });
        String name = string(request, "name");
        if (name.isBlank() || name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(ApiProblem.field("name", "invalid-value", "name must be 1 to 255 characters, "
                    + "none of them a control character"));
        }
        Role role = Role.fromLabel(string(request, "role")).orElseThrow(() -> new ApiException(ApiProblem.field(
                "role", "invalid-value", "role must be administrator or observer")));
        IssuedToken issued = tokens.issue(name.trim(), role, Actor.of(caller));
        JsonObject token = Json.createObjectBuilder().add("id", issued.id()).add("name", issued.name())
                .add("role", issued.role().label()).add("created_at", issued.createdAt().toString())
                .add("token", issued.secret()).build();
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.body(true, "token", token)).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") long id, @Context SecurityContext caller) {
        if (!tokens.revoke(id, Actor.of(caller))) {
            throw new ApiException(ApiProblem.of(404, "not-found", "No such token", "no token with id " + id));
        }
        return Envelope.ok("message", Json.createValue("token " + id + " revoked"));
    }

    private static String string(JsonObject request, String field) {
        JsonValue value = request.get(field);
        if (value == null) {
            throw new ApiException(ApiProblem.field(field, "required", field + " is required"));
        }
        if (!(value instanceof JsonString s)) {
            throw new ApiException(ApiProblem.field(field, "invalid-type", field + " must be a string"));
        }
        return s.getString();
    }
}
