package io.takfed.api.security;

import io.takfed.api.problems.ApiProblem;
import io.takfed.auth.TokenService;
import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Every API call must carry {@code Authorization: Bearer <token>} naming a live token; otherwise 401. */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthenticationFilter implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer ";

    @EJB
    private TokenService tokens;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            abort(request, "missing-token", "send Authorization: Bearer <token>");
            return;
        }
        tokens.authenticate(header.substring(SCHEME.length()).trim()).ifPresentOrElse(
                caller -> request.setSecurityContext(new TokenSecurityContext(caller,
                        request.getSecurityContext().isSecure())),
                () -> abort(request, "invalid-token", "the bearer token is unknown or was revoked"));
    }

    private static void abort(ContainerRequestContext request, String label, String detail) {
        var response = ApiProblem.of(401, label, "Authentication required", detail).toResponse();
        response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"takfed\"");
        request.abortWith(response);
    }
}
