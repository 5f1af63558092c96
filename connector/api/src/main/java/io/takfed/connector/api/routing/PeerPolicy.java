package io.takfed.connector.api.routing;

import java.util.Set;

/**
 * What one approved peer may exchange: events it sends carry its inbound groups (or, with group mapping, the
 * local groups theirs map to: {@link FederateControls}); it receives an event only if the event's groups intersect
 * its outbound groups. {@code maxHops} -1 means unlimited. A {@code domain} (or null) binds its inbound links: the
 * certificate must name one of the domain's SRV targets.
 */
public record PeerPolicy(long peerId, String name, String fingerprint, Set<String> inboundGroups,
                         Set<String> outboundGroups, boolean syncCot, int maxHops, String domain,
                         FederateControls controls) implements java.io.Serializable {

    public PeerPolicy(long peerId, String name, String fingerprint, Set<String> inboundGroups,
                      Set<String> outboundGroups, boolean syncCot, int maxHops) {
        this(peerId, name, fingerprint, inboundGroups, outboundGroups, syncCot, maxHops, null);
    }

    public PeerPolicy(long peerId, String name, String fingerprint, Set<String> inboundGroups,
                      Set<String> outboundGroups, boolean syncCot, int maxHops, String domain) {
        this(peerId, name, fingerprint, inboundGroups, outboundGroups, syncCot, maxHops, domain,
                FederateControls.NONE);
    }

    public PeerPolicy {
        inboundGroups = Set.copyOf(inboundGroups);
        outboundGroups = Set.copyOf(outboundGroups);
        controls = controls == null ? FederateControls.NONE : controls;
    }

    /** This policy with other controls (tests, and the domain when it builds the table). */
    public PeerPolicy with(FederateControls replacement) {
        return new PeerPolicy(peerId, name, fingerprint, inboundGroups, outboundGroups, syncCot, maxHops, domain,
                replacement);
    }

    /**
     * A peer with no groups in a direction exchanges nothing in that direction: inbound, no inbound groups, or
     * with group mapping nothing its groups could map to; outbound, no outbound groups.
     */
    public boolean hasGroups() {
        return controls.receivesInbound(inboundGroups) && !outboundGroups.isEmpty();
    }
}
