package io.takfed.auth;

import java.time.Instant;

/** A token just created: the only moment its secret exists outside the caller's hands. */
public record IssuedToken(long id, String name, Role role, Instant createdAt, String secret) {

    @Override
    public String toString() {
        return "IssuedToken[" + id + ", " + name + ", " + role + "]";
    }
}
