package io.takfed.connector.api.routing;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Who may federate at all, decided first, before any protocol work (Wire's federation strategy):
 * {@code allowNone} no one; {@code allowAll} any certificate from a trusted CA, admitted without approval
 * (it still exchanges nothing until it has groups); {@code allowDynamic} the peers table is the allow list:
 * an unknown certificate becomes a pending peer that an administrator approves or rejects.
 */
public enum FederationStrategy {
    ALLOW_NONE("allowNone"), ALLOW_ALL("allowAll"), ALLOW_DYNAMIC("allowDynamic");

    private final String label;

    FederationStrategy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses a setting's value; the message names the allowed values. */
    public static FederationStrategy parse(String value) {
        return Arrays.stream(values()).filter(s -> s.label.equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("TAKFED_FEDERATION_STRATEGY must be one of "
                        + Arrays.stream(values()).map(FederationStrategy::label).collect(Collectors.joining(", "))
                        + ", not '" + value + "'"));
    }
}
