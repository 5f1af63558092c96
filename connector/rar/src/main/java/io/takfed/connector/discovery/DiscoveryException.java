package io.takfed.connector.discovery;

import io.takfed.connector.api.FederationFailure;

/**
 * Discovery did not produce a target: {@code invalid-domain} when DNS answered that there is none,
 * {@code discovery-failure} when DNS itself failed. The two need different fixes, so they stay apart.
 */
public final class DiscoveryException extends Exception {

    private final FederationFailure failure;

    DiscoveryException(FederationFailure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public FederationFailure failure() {
        return failure;
    }
}
