package io.takfed.api.security;

import io.takfed.api.problems.ApiProblem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.List;

/**
 * Enforces {@link RequiresRole} on resource methods (or their class) with 403 for an authenticated caller
 * lacking the role. A resource without the annotation is refused to everyone: access is never a default.
 */
@Provider
public class RoleAuthorizationFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        RequiresRole allowed = resource.getResourceMethod().getAnnotation(RequiresRole.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RequiresRole.class);
        }
        context.register(new RoleFilter(allowed == null ? List.of() : Arrays.asList(allowed.value())));
    }

    @Priority(Priorities.AUTHORIZATION)
    private static final class RoleFilter implements ContainerRequestFilter {
        private final List<String> roles;

        RoleFilter(List<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            var security = request.getSecurityContext();
            if (roles.stream().noneMatch(security::isUserInRole)) {
                request.abortWith(ApiProblem.of(403, "forbidden", "Forbidden",
                        "this route needs the role " + String.join(" or ", roles)).toResponse());
            }
        }
    }
}
