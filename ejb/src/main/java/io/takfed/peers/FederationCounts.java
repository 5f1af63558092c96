package io.takfed.peers;

/** How many federation servers exist, are enabled, and have a live link right now. */
public record FederationCounts(long total, long enabled, long connected) {
}
