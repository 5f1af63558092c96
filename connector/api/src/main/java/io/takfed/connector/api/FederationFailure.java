package io.takfed.connector.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The closed catalogue of federation failures. A peer's {@code last_error} is always one of these labels;
 * the API maps each to its HTTP status and logs use the id, so operators can grep for one failure.
 */
public enum FederationFailure {
    FEDERATION_DENIED("federation-denied", 403, "TAKFED-F001", Level.WARNING,
            "the federation strategy or allow list does not admit this peer"),
    AUTHENTICATION_FAILURE("authentication-failure", 403, "TAKFED-F002", Level.WARNING,
            "the peer certificate does not prove the identity it claims"),
    DISCOVERY_FAILURE("discovery-failure", 503, "TAKFED-F003", Level.WARNING,
            "name resolution failed; DNS may be broken or unreachable"),
    INVALID_DOMAIN("invalid-domain", 422, "TAKFED-F004", Level.WARNING,
            "the host name or domain does not exist"),
    FEDERATION_TLS_ERROR("federation-tls-error", 502, "TAKFED-F005", Level.WARNING,
            "the TLS handshake failed"),
    FEDERATION_CONNECTION_REFUSED("federation-connection-refused", 502, "TAKFED-F006", Level.WARNING,
            "nothing accepted the TCP connection"),
    FEDERATION_TIMEOUT("federation-timeout", 504, "TAKFED-F007", Level.WARNING,
            "the peer did not answer in time"),
    PENDING_APPROVAL("pending-approval", 403, "TAKFED-F008", Level.INFO,
            "the peer is known but not yet approved by an administrator"),
    NO_GROUPS("no-groups", 409, "TAKFED-F009", Level.WARNING,
            "the link is up but no groups are shared, so nothing flows"),
    DUPLICATE_CONNECTION("duplicate-connection", 409, "TAKFED-F010", Level.INFO,
            "this peer already has an active link"),
    PROTOCOL_ERROR("protocol-error", 502, "TAKFED-F011", Level.WARNING,
            "the peer sent something the protocol does not allow"),
    FRAME_TOO_LARGE("frame-too-large", 413, "TAKFED-F012", Level.WARNING,
            "the peer sent a frame above the configured maximum"),
    DELIVERY_UNCONFIRMED("delivery-unconfirmed", 504, "TAKFED-F014", Level.WARNING,
            "the link ended before the mission changes sent on it were confirmed; they are sent again");

    /** Severity for logs, kept free of any logging framework. */
    public enum Level { INFO, WARNING, SEVERE }

    private final String label;
    private final int httpStatus;
    private final String logId;
    private final Level level;
    private final String meaning;

    FederationFailure(String label, int httpStatus, String logId, Level level, String meaning) {
        this.label = label;
        this.httpStatus = httpStatus;
        this.logId = logId;
        this.level = level;
        this.meaning = meaning;
    }

    public String label() {
        return label;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String logId() {
        return logId;
    }

    public Level level() {
        return level;
    }

    public String meaning() {
        return meaning;
    }

    public static Optional<FederationFailure> fromLabel(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label)).findFirst();
    }
}
