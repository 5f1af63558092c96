package io.takfed.auth;

/** An authenticated caller: the token's name and its role. */
public record Caller(long tokenId, String name, Role role) {
}
