package io.takfed.api.security;

import io.takfed.auth.Caller;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The caller a bearer token proved, as JAX-RS sees it. */
record TokenSecurityContext(Caller caller, boolean secure) implements SecurityContext {

    @Override
    public Principal getUserPrincipal() {
        return caller::name;
    }

    @Override
    public boolean isUserInRole(String role) {
        return caller.role().label().equals(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
