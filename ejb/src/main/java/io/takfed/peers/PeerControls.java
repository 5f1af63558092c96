package io.takfed.peers;

import io.takfed.connector.api.routing.FederateControls;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A federate's TAK 5.7 controls as the API shows them (spec 1): group mapping, per-group hop limits, per-mission
 * federation, alert sharing, and the groups the peer advertised. {@link #DEFAULTS} are TAK's.
 *
 * @param inboundGroupMapping remote group to the local groups it becomes
 * @param missionFederation   mission name (any case) to whether its changes go to the peer, over the default
 */
public record PeerControls(boolean federatedGroupMapping, Map<String, List<String>> inboundGroupMapping,
                           boolean automaticGroupMapping, boolean fallbackWhenNoGroupMappings,
                           boolean useGroupHopLimiting, Map<String, Integer> outboundGroupHopLimits,
                           boolean missionFederateDefault, Map<String, Boolean> missionFederation,
                           boolean shareAlerts, List<String> remoteGroups) {

    public static final PeerControls DEFAULTS = new PeerControls(false, Map.of(), false, false, false, Map.of(), true,
            Map.of(), true, List.of());

    public PeerControls {
        inboundGroupMapping = java.util.Collections.unmodifiableMap(new TreeMap<>(inboundGroupMapping));
        outboundGroupHopLimits = java.util.Collections.unmodifiableMap(new TreeMap<>(outboundGroupHopLimits));
        missionFederation = java.util.Collections.unmodifiableMap(new TreeMap<>(missionFederation));
        remoteGroups = remoteGroups == null ? List.of() : List.copyOf(remoteGroups);
    }

    /** What the transport needs of them. */
    public FederateControls forRouting() {
        Map<String, Set<String>> mapping = inboundGroupMapping.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> new LinkedHashSet<>(e.getValue())));
        return new FederateControls(federatedGroupMapping, mapping, automaticGroupMapping, fallbackWhenNoGroupMappings,
                useGroupHopLimiting, outboundGroupHopLimits, shareAlerts);
    }

    /**
     * Whether what the peer sends can be in any local group: its inbound groups without mapping; with mapping, a
     * mapping entry, automatic mapping, or the fallback to inbound groups that exist.
     */
    public boolean receivesInbound(List<String> inboundGroups) {
        return forRouting().receivesInbound(inboundGroups);
    }

    /**
     * Whether a change to the mission goes to the peer by these controls: its own switch when it has one (names
     * compared in any case, as {@code mission_filter} compares them), else {@code mission_federate_default}.
     */
    public boolean federatesMission(String mission) {
        String name = mission.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Boolean> entry : missionFederation.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return entry.getValue();
            }
        }
        return missionFederateDefault;
    }
}
