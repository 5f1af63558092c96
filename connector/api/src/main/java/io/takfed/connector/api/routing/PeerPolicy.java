package io.takfed.connector.api.routing;

import java.util.Set;

/**
 * What one approved peer may exchange: events it sends carry its inbound groups; it receives an event only if
 * the event's groups intersect its outbound groups. {@code maxHops} -1 means unlimited. A {@code domain} (or null)
 * binds its inbound links: the certificate must name one of the domain's SRV targets.
 */
public record PeerPolicy(long peerId, String name, String fingerprint, Set<String> inboundGroups,
                         Set<String> outboundGroups, boolean syncCot, int maxHops, String domain)
        implements java.io.Serializable {

    public PeerPolicy(long peerId, String name, String fingerprint, Set<String> inboundGroups,
                      Set<String> outboundGroups, boolean syncCot, int maxHops) {
        this(peerId, name, fingerprint, inboundGroups, outboundGroups, syncCot, maxHops, null);
    }

    public PeerPolicy {
        inboundGroups = Set.copyOf(inboundGroups);
        outboundGroups = Set.copyOf(outboundGroups);
    }

    /** A peer with no groups in a direction exchanges nothing in that direction. */
    public boolean hasGroups() {
        return !inboundGroups.isEmpty() && !outboundGroups.isEmpty();
    }
}
