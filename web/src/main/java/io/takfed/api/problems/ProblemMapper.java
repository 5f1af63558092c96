package io.takfed.api.problems;

import io.takfed.peers.NameTakenException;
import io.takfed.peers.PeerNotDialableException;
import io.takfed.peers.PeerNotFoundException;
import io.takfed.peers.ValidationException;
import jakarta.ejb.EJBException;
import jakarta.json.JsonException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP responses. Expected failures get their status and label; anything
 * else is a 500 that carries an incident id, never the exception's text, and is logged in full.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        return problemFor(unwrap(failure)).toResponse();
    }

    static ApiProblem problemFor(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.problem();
        }
        if (failure instanceof ValidationException invalid) {
            var errors = invalid.errors().stream()
                    .map(e -> new ApiProblem.FieldProblem(e.field(), e.label(), e.message())).toList();
            var first = errors.get(0);
            return new ApiProblem(400, first.label(), "Invalid request", first.message(), first.field(), errors);
        }
        if (failure instanceof NameTakenException taken) {
            return new ApiProblem(409, "name-taken", "Name already in use", taken.getMessage(), "name",
                    java.util.List.of(new ApiProblem.FieldProblem("name", "name-taken", taken.getMessage())));
        }
        if (failure instanceof PeerNotFoundException missing) {
            return ApiProblem.of(404, "not-found", "No such federation server", missing.getMessage());
        }
        if (failure instanceof io.takfed.missions.MissionNotFoundException missing) {
            return ApiProblem.of(404, "not-found", "No such mission", missing.getMessage());
        }
        if (failure instanceof io.takfed.missions.MissionExistsException taken) {
            return new ApiProblem(409, "name-taken", "Mission name already in use", taken.getMessage(), "name",
                    java.util.List.of(new ApiProblem.FieldProblem("name", "name-taken", taken.getMessage())));
        }
        if (failure instanceof PeerNotDialableException notDialable) {
            return ApiProblem.of(409, "peer-not-dialable", "Nothing to dial", notDialable.getMessage());
        }
        if (failure instanceof JsonException) {
            return ApiProblem.of(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON");
        }
        if (failure instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            String label = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
            return ApiProblem.of(status.getStatusCode(), label, status.getReasonPhrase(),
                    status.getReasonPhrase() + " for this request");
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "TAKFED-W500 Unexpected failure, incident " + incident, failure);
        return ApiProblem.of(500, "internal-error", "Internal error",
                "an unexpected error occurred; the server log has the details under incident " + incident);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof EJBException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
