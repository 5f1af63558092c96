package io.takfed.api.security;

import jakarta.ws.rs.core.SecurityContext;

/** Who the audit trail says acted: the API token's name. */
public final class Actor {

    private Actor() {
    }

    public static String of(SecurityContext caller) {
        return caller.getUserPrincipal() == null ? "anonymous" : "token:" + caller.getUserPrincipal().getName();
    }
}
