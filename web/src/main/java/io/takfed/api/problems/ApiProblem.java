package io.takfed.api.problems;

import io.takfed.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem body that also keeps the seed document's envelope: {@code success:false} plus a stable
 * {@code error} label and, for input errors, the {@code field} at fault and every {@code errors} entry.
 */
public record ApiProblem(int status, String label, String title, String detail, String field,
                         List<FieldProblem> errors) {

    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    /** One rejected field. */
    public record FieldProblem(String field, String label, String message) {
    }

    public static ApiProblem of(int status, String label, String title, String detail) {
        return new ApiProblem(status, label, title, detail, null, List.of());
    }

    public static ApiProblem field(String field, String label, String detail) {
        return new ApiProblem(400, label, "Invalid request", detail, field,
                List.of(new FieldProblem(field, label, detail)));
    }

    public Response toResponse() {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("success", false)
                .add("type", "urn:takfed:problem:" + label)
                .add("title", title)
                .add("status", status)
                .add("error", label)
                .add("detail", detail);
        if (field != null) {
            body.add("field", field);
        }
        if (!errors.isEmpty()) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            errors.forEach(e -> list.add(Json.createObjectBuilder().add("field", e.field()).add("error", e.label())
                    .add("detail", e.message())));
            body.add("errors", list);
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body.build().toString()).build();
    }
}
