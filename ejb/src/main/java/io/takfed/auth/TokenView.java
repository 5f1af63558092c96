package io.takfed.auth;

import java.time.Instant;

/** A token as listings show it: never its secret, never its hash. */
public record TokenView(long id, String name, Role role, Instant createdAt) {
}
