package io.takfed.peers;

import java.util.Arrays;
import java.util.Optional;

/** Every field of a federation server as the API spells it, with its JSON type and whether a client may set it. */
public enum PeerField {
    NAME("name", Type.STRING, false, true),
    DESCRIPTION("description", Type.STRING, true, true),
    ADDRESS("address", Type.STRING, true, true),
    DOMAIN("domain", Type.STRING, true, true),
    PORT("port", Type.INTEGER, false, true),
    CONNECTION_TYPE("connection_type", Type.STRING, false, true),
    PROTOCOL_VERSION("protocol_version", Type.STRING, false, true),
    TRANSPORT_PROTOCOL("transport_protocol", Type.STRING, false, true),
    USE_TLS("use_tls", Type.BOOLEAN, false, true),
    VERIFY_SSL("verify_ssl", Type.BOOLEAN, false, true),
    CA_CERTIFICATE("ca_certificate", Type.STRING, true, true),
    CLIENT_CERTIFICATE("client_certificate", Type.STRING, true, true),
    CLIENT_KEY("client_key", Type.STRING, true, true),
    SYNC_MISSIONS("sync_missions", Type.BOOLEAN, false, true),
    SYNC_COT("sync_cot", Type.BOOLEAN, false, true),
    MISSION_FILTER("mission_filter", Type.STRING_LIST, true, true),
    ENABLED("enabled", Type.BOOLEAN, false, true),
    FINGERPRINT("fingerprint", Type.STRING, true, true),
    INBOUND_GROUPS("inbound_groups", Type.STRING_LIST, false, true),
    OUTBOUND_GROUPS("outbound_groups", Type.STRING_LIST, false, true),
    MAX_HOPS("max_hops", Type.INTEGER, false, true),
    RECONNECT_INTERVAL("reconnect_interval", Type.INTEGER, true, true),
    MAX_RETRIES("max_retries", Type.INTEGER, false, true),
    FALLBACK_SERVER_ID("fallback_server_id", Type.INTEGER, true, true),
    FEDERATED_GROUP_MAPPING("federated_group_mapping", Type.BOOLEAN, false, true),
    INBOUND_GROUP_MAPPING("inbound_group_mapping", Type.GROUP_MAP, false, true),
    AUTOMATIC_GROUP_MAPPING("automatic_group_mapping", Type.BOOLEAN, false, true),
    FALLBACK_WHEN_NO_GROUP_MAPPINGS("fallback_when_no_group_mappings", Type.BOOLEAN, false, true),
    USE_GROUP_HOP_LIMITING("use_group_hop_limiting", Type.BOOLEAN, false, true),
    OUTBOUND_GROUP_HOP_LIMITS("outbound_group_hop_limits", Type.INTEGER_MAP, false, true),
    MISSION_FEDERATE_DEFAULT("mission_federate_default", Type.BOOLEAN, false, true),
    MISSION_FEDERATION("mission_federation", Type.BOOLEAN_MAP, false, true),
    SHARE_ALERTS("share_alerts", Type.BOOLEAN, false, true),
    ID("id", Type.INTEGER, false, false),
    STATUS("status", Type.STRING, false, false),
    LAST_CONNECTED("last_connected", Type.STRING, true, false),
    LAST_ERROR("last_error", Type.STRING, true, false),
    NODE_ID("node_id", Type.STRING, true, false),
    HAS_CLIENT_KEY("has_client_key", Type.BOOLEAN, false, false),
    /** Computed when shown: an array of findings about the stored certificates (read-only, so its type is moot). */
    CERTIFICATE_FINDINGS("certificate_findings", Type.STRING_LIST, false, false),
    RETRY_COUNT("retry_count", Type.INTEGER, false, false),
    /** The groups the peer advertised last (FederateGroups messages, events' federateGroups). */
    REMOTE_GROUPS("remote_groups", Type.STRING_LIST, false, false),
    NEXT_ATTEMPT_AT("next_attempt_at", Type.STRING, true, false),
    EVENTS_IN("events_in", Type.INTEGER, false, false),
    EVENTS_OUT("events_out", Type.INTEGER, false, false),
    EVENTS_DROPPED("events_dropped", Type.INTEGER, false, false),
    LAST_EVENT_AT("last_event_at", Type.STRING, true, false),
    CREATED_AT("created_at", Type.STRING, false, false),
    UPDATED_AT("updated_at", Type.STRING, false, false);

    /**
     * The JSON type a field takes: the maps are JSON objects, of string arrays ({@code GROUP_MAP}), whole numbers
     * and booleans.
     */
    public enum Type { STRING, INTEGER, BOOLEAN, STRING_LIST, GROUP_MAP, INTEGER_MAP, BOOLEAN_MAP }

    private final String json;
    private final Type type;
    private final boolean nullable;
    private final boolean writable;

    PeerField(String json, Type type, boolean nullable, boolean writable) {
        this.json = json;
        this.type = type;
        this.nullable = nullable;
        this.writable = writable;
    }

    public String json() {
        return json;
    }

    public Type type() {
        return type;
    }

    public boolean nullable() {
        return nullable;
    }

    public boolean writable() {
        return writable;
    }

    public static Optional<PeerField> fromJson(String name) {
        return Arrays.stream(values()).filter(f -> f.json.equals(name)).findFirst();
    }
}
