package io.takfed.peers;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** The columns of a federate's TAK 5.7 controls (V16), kept apart from the peer's own so each side stays small. */
@Embeddable
public class StoredControls {

    @Column(name = "federated_group_mapping", nullable = false)
    private boolean federatedGroupMapping;

    @Column(name = "inbound_group_mapping", nullable = false, length = 65536)
    private String inboundGroupMapping = "{}";

    @Column(name = "automatic_group_mapping", nullable = false)
    private boolean automaticGroupMapping;

    @Column(name = "fallback_when_no_group_mappings", nullable = false)
    private boolean fallbackWhenNoGroupMappings;

    @Column(name = "use_group_hop_limiting", nullable = false)
    private boolean useGroupHopLimiting;

    @Column(name = "outbound_group_hop_limits", nullable = false, length = 65536)
    private String outboundGroupHopLimits = "{}";

    @Column(name = "mission_federate_default", nullable = false)
    private boolean missionFederateDefault = true;

    @Column(name = "mission_federation", nullable = false, length = 262144)
    private String missionFederation = "{}";

    @Column(name = "share_alerts", nullable = false)
    private boolean shareAlerts = true;

    @Column(name = "remote_groups", nullable = false, length = 65536)
    private String remoteGroups = "[]";

    /** The controls as values. */
    PeerControls read() {
        return new PeerControls(federatedGroupMapping, JsonMaps.readGroups(inboundGroupMapping), automaticGroupMapping,
                fallbackWhenNoGroupMappings, useGroupHopLimiting, JsonMaps.readIntegers(outboundGroupHopLimits),
                missionFederateDefault, JsonMaps.readBooleans(missionFederation), shareAlerts,
                JsonStringList.read(remoteGroups));
    }

    /** Sets every control a client may set; the remote groups are takfed's to keep ({@link #remoteGroups}). */
    void write(PeerControls controls) {
        federatedGroupMapping = controls.federatedGroupMapping();
        inboundGroupMapping = JsonMaps.writeGroups(controls.inboundGroupMapping());
        automaticGroupMapping = controls.automaticGroupMapping();
        fallbackWhenNoGroupMappings = controls.fallbackWhenNoGroupMappings();
        useGroupHopLimiting = controls.useGroupHopLimiting();
        outboundGroupHopLimits = JsonMaps.writeValues(controls.outboundGroupHopLimits());
        missionFederateDefault = controls.missionFederateDefault();
        missionFederation = JsonMaps.writeValues(controls.missionFederation());
        shareAlerts = controls.shareAlerts();
    }

    /** Stores what the peer advertised; true when it changed. */
    boolean remoteGroups(java.util.List<String> advertised) {
        String json = JsonStringList.write(advertised);
        if (json.equals(remoteGroups)) {
            return false;
        }
        remoteGroups = json;
        return true;
    }
}
