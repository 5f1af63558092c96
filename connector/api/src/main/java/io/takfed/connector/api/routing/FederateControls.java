package io.takfed.connector.api.routing;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TAK Server 5.7's per-federate controls on what crosses a link (spec 1, 2.3, 7.3): group mapping of what the peer
 * sends, per-group hop limits on what it is sent, and whether it is sent alerts. {@link #NONE} is TAK's default.
 *
 * @param federatedGroupMapping       map the groups an event arrives with ({@code federateGroups}) to local groups,
 *                                    instead of giving it the peer's inbound groups; our outbound groups are then
 *                                    advertised on the FederateGroups streams
 * @param inboundGroupMapping         remote group to the local groups it becomes
 * @param automaticGroupMapping       map by name, when the peer's certificate comes from our own CA
 * @param fallbackWhenNoGroupMappings an event whose groups map to none gets the peer's inbound groups, not none
 * @param useGroupHopLimiting         add {@code outboundGroupHopLimits} to what goes to this peer
 * @param outboundGroupHopLimits      group to the number of hops an event in it may still make from here
 * @param shareAlerts                 send this peer alerts (CoT types {@code b-a-*})
 */
public record FederateControls(boolean federatedGroupMapping, Map<String, Set<String>> inboundGroupMapping,
                               boolean automaticGroupMapping, boolean fallbackWhenNoGroupMappings,
                               boolean useGroupHopLimiting, Map<String, Integer> outboundGroupHopLimits,
                               boolean shareAlerts) implements Serializable {

    public static final FederateControls NONE = new FederateControls(false, Map.of(), false, false, false, Map.of(),
            true);

    public FederateControls {
        inboundGroupMapping = Map.copyOf(inboundGroupMapping);
        outboundGroupHopLimits = Map.copyOf(outboundGroupHopLimits);
    }

    /**
     * Whether what the peer sends can be in any local group: its inbound groups without mapping; with mapping, a
     * mapping entry, automatic mapping, or the fallback to inbound groups that exist.
     */
    public boolean receivesInbound(java.util.Collection<String> inboundGroups) {
        if (!federatedGroupMapping) {
            return !inboundGroups.isEmpty();
        }
        return !inboundGroupMapping.isEmpty() || automaticGroupMapping
                || fallbackWhenNoGroupMappings && !inboundGroups.isEmpty();
    }

    /**
     * The local groups an event the peer sent is in (spec 2.3). Without mapping, the peer's inbound groups. With
     * it, the groups the event arrived with, by name when {@code sameCa} and automatic mapping is on, else through
     * {@link #inboundGroupMapping}; what maps to nothing gets the inbound groups only with the fallback, else none.
     */
    public Set<String> eventGroups(Set<String> inboundGroups, List<String> remoteGroups, boolean sameCa) {
        if (!federatedGroupMapping) {
            return inboundGroups;
        }
        Set<String> mapped = new HashSet<>();
        if (automaticGroupMapping && sameCa) {
            mapped.addAll(remoteGroups);
        } else {
            for (String remote : remoteGroups) {
                mapped.addAll(inboundGroupMapping.getOrDefault(remote, Set.of()));
            }
        }
        if (mapped.isEmpty() && fallbackWhenNoGroupMappings) {
            return inboundGroups;
        }
        return Set.copyOf(mapped);
    }
}
