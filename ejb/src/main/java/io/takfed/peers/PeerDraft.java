package io.takfed.peers;

import java.util.List;

/**
 * A federation server as a request would leave it: the stored values (or the seed document's defaults) with the
 * request's fields applied. Holds the client key in plaintext only for the duration of one request.
 */
final class PeerDraft {

    String name;
    String description;
    String address;
    String domain;
    Integer port;
    String connectionType = "outbound";
    String protocolVersion = "v2";
    String transportProtocol = "tcp";
    boolean useTls = true;
    boolean verifySsl = true;
    String caCertificate;
    String clientCertificate;
    String clientKey;
    boolean hasStoredKey;
    boolean syncMissions = true;
    boolean syncCot = true;
    List<String> missionFilter;
    boolean enabled = true;
    String fingerprint;
    List<String> inboundGroups = List.of();
    List<String> outboundGroups = List.of();
    Integer maxHops = -1;
    Integer reconnectInterval;
    Integer maxRetries = -1;
    Integer fallbackServerId;
    boolean federatedGroupMapping;
    java.util.Map<String, List<String>> inboundGroupMapping = java.util.Map.of();
    boolean automaticGroupMapping;
    boolean fallbackWhenNoGroupMappings;
    boolean useGroupHopLimiting;
    java.util.Map<String, Integer> outboundGroupHopLimits = java.util.Map.of();
    boolean missionFederateDefault = true;
    java.util.Map<String, Boolean> missionFederation = java.util.Map.of();
    boolean shareAlerts = true;
    List<String> remoteGroups = List.of();

    static PeerDraft of(FederationPeer peer, List<String> missionFilter) {
        PeerDraft draft = new PeerDraft();
        draft.name = peer.getName();
        draft.description = peer.getDescription();
        draft.address = peer.getAddress();
        draft.domain = peer.getDomain();
        draft.port = peer.getPort();
        draft.connectionType = peer.getConnectionType();
        draft.protocolVersion = peer.getProtocolVersion();
        draft.transportProtocol = peer.getTransportProtocol();
        draft.useTls = peer.isUseTls();
        draft.verifySsl = peer.isVerifySsl();
        draft.caCertificate = peer.getCaCertificate();
        draft.clientCertificate = peer.getClientCertificate();
        draft.hasStoredKey = peer.getClientKeyCiphertext() != null;
        draft.syncMissions = peer.isSyncMissions();
        draft.syncCot = peer.isSyncCot();
        draft.missionFilter = missionFilter;
        draft.enabled = peer.isEnabled();
        draft.fingerprint = peer.getFingerprint();
        draft.inboundGroups = JsonStringList.read(peer.getInboundGroups());
        draft.outboundGroups = JsonStringList.read(peer.getOutboundGroups());
        draft.maxHops = peer.getMaxHops();
        draft.reconnectInterval = peer.getReconnectInterval();
        draft.maxRetries = peer.getMaxRetries();
        draft.fallbackServerId = peer.getFallbackServerId() == null ? null : peer.getFallbackServerId().intValue();
        PeerControls controls = peer.controls();
        draft.federatedGroupMapping = controls.federatedGroupMapping();
        draft.inboundGroupMapping = controls.inboundGroupMapping();
        draft.automaticGroupMapping = controls.automaticGroupMapping();
        draft.fallbackWhenNoGroupMappings = controls.fallbackWhenNoGroupMappings();
        draft.useGroupHopLimiting = controls.useGroupHopLimiting();
        draft.outboundGroupHopLimits = controls.outboundGroupHopLimits();
        draft.missionFederateDefault = controls.missionFederateDefault();
        draft.missionFederation = controls.missionFederation();
        draft.shareAlerts = controls.shareAlerts();
        draft.remoteGroups = controls.remoteGroups();
        return draft;
    }

    void apply(PeerPatch patch) {
        patch.asMap().forEach((field, value) -> {
            switch (field) {
                case NAME -> name = trimmed((String) value);
                case DESCRIPTION -> description = (String) value;
                case ADDRESS -> address = emptyAsNull(trimmed((String) value));
                case DOMAIN -> domain = emptyAsNull(trimmed((String) value));
                case PORT -> port = (Integer) value;
                case CONNECTION_TYPE -> connectionType = (String) value;
                case PROTOCOL_VERSION -> protocolVersion = (String) value;
                case TRANSPORT_PROTOCOL -> transportProtocol = (String) value;
                case USE_TLS -> useTls = (Boolean) value;
                case VERIFY_SSL -> verifySsl = (Boolean) value;
                case CA_CERTIFICATE -> caCertificate = (String) value;
                case CLIENT_CERTIFICATE -> clientCertificate = (String) value;
                case CLIENT_KEY -> {
                    clientKey = (String) value;
                    hasStoredKey = false;
                }
                case SYNC_MISSIONS -> syncMissions = (Boolean) value;
                case SYNC_COT -> syncCot = (Boolean) value;
                case MISSION_FILTER -> missionFilter = patch.strings(field);
                case ENABLED -> enabled = (Boolean) value;
                case FINGERPRINT -> fingerprint = value == null ? null : ((String) value).trim().toUpperCase(java.util.Locale.ROOT);
                case INBOUND_GROUPS -> inboundGroups = patch.strings(field);
                case OUTBOUND_GROUPS -> outboundGroups = patch.strings(field);
                case MAX_HOPS -> maxHops = (Integer) value;
                case RECONNECT_INTERVAL -> reconnectInterval = (Integer) value;
                case MAX_RETRIES -> maxRetries = (Integer) value;
                case FALLBACK_SERVER_ID -> fallbackServerId = (Integer) value;
                case FEDERATED_GROUP_MAPPING -> federatedGroupMapping = (Boolean) value;
                case INBOUND_GROUP_MAPPING -> inboundGroupMapping = patch.map(field);
                case AUTOMATIC_GROUP_MAPPING -> automaticGroupMapping = (Boolean) value;
                case FALLBACK_WHEN_NO_GROUP_MAPPINGS -> fallbackWhenNoGroupMappings = (Boolean) value;
                case USE_GROUP_HOP_LIMITING -> useGroupHopLimiting = (Boolean) value;
                case OUTBOUND_GROUP_HOP_LIMITS -> outboundGroupHopLimits = patch.map(field);
                case MISSION_FEDERATE_DEFAULT -> missionFederateDefault = (Boolean) value;
                case MISSION_FEDERATION -> missionFederation = patch.map(field);
                case SHARE_ALERTS -> shareAlerts = (Boolean) value;
                default -> throw new IllegalArgumentException(field.json() + " is read-only");
            }
        });
    }

    /** The controls as the draft leaves them. */
    PeerControls controls() {
        return new PeerControls(federatedGroupMapping, inboundGroupMapping, automaticGroupMapping,
                fallbackWhenNoGroupMappings, useGroupHopLimiting, outboundGroupHopLimits, missionFederateDefault,
                missionFederation, shareAlerts, remoteGroups);
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    @Override
    public String toString() {
        return "PeerDraft[" + name + "]";
    }
}
