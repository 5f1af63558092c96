package io.takfed.api.audit;

import io.takfed.api.problems.ApiException;
import io.takfed.api.problems.ApiProblem;
import io.takfed.api.security.RequiresRole;
import io.takfed.api.servers.Envelope;
import io.takfed.audit.AuditService;
import io.takfed.auth.Role;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import io.takfed.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/audit?limit=100&before=<id>}: the newest audit events first; page with the last id seen. */
@Path("/audit")
@ApplicationScoped
@RequiresRole(Role.ADMINISTRATOR_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final int MAX_LIMIT = 1000;

    @EJB
    private AuditService audit;

    @GET
    public Response list(@QueryParam("limit") String limit, @QueryParam("before") String before) {
        long n = io.takfed.api.QueryParams.whole(limit, "limit", 100);
        if (n < 1 || n > MAX_LIMIT) {
            throw new ApiException(ApiProblem.field("limit", "out-of-range", "limit must be from 1 to " + MAX_LIMIT));
        }
        Long beforeId = before == null ? null : io.takfed.api.QueryParams.whole(before, "before", 0);
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (AuditService.AuditView e : audit.recent((int) n, beforeId)) {
            JsonObjectBuilder json = Json.createObjectBuilder().add("id", e.id())
                    .add("occurred_at", e.occurredAt().toString()).add("actor", e.actor())
                    .add("action", e.action()).add("target", e.target());
            if (e.detail() == null) {
                json.addNull("detail");
            } else {
                json.add("detail", e.detail());
            }
            events.add(json);
        }
        return Envelope.ok("events", events.build());
    }

}
