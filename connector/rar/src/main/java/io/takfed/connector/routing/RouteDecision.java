package io.takfed.connector.routing;

import io.takfed.connector.api.routing.PeerPolicy;

import java.util.Set;

/**
 * Whether an event from one peer may go to another, and with which groups. The rules are those of the
 * Federation Hub (spec 7.3): never back to the sender, never to a node already in its provenance, not past
 * the hop limit, and only where the event's groups (the sender's inbound groups, or with group mapping the local
 * groups its own map to) meet the receiver's outbound groups; per-group hop limits are {@link GroupHops}'.
 */
public final class RouteDecision {

    private RouteDecision() {
    }

    /** Why an event did not go to a receiver, for counters and diagnostics. */
    public enum Refusal {
        NONE, SAME_PEER, NO_GROUPS, NO_SHARED_GROUP, COT_OFF, ALREADY_VISITED, HOP_LIMIT, GROUP_HOP_LIMIT, ALERTS_OFF
    }

    /**
     * @param from              the sending peer's policy
     * @param to                the candidate receiver's policy
     * @param provenanceHasTo   the receiver's node id is already in the event's provenance
     * @param currentHops       hops the event has already made (0 when it carries none)
     */
    public static Refusal check(PeerPolicy from, PeerPolicy to, boolean provenanceHasTo, long currentHops) {
        return check(from, from.inboundGroups(), to, provenanceHasTo, currentHops);
    }

    /** As {@link #check(PeerPolicy, PeerPolicy, boolean, long)}, for an event in {@code eventGroups}. */
    public static Refusal check(PeerPolicy from, Set<String> eventGroups, PeerPolicy to, boolean provenanceHasTo,
                                long currentHops) {
        if (from.fingerprint().equals(to.fingerprint())) {
            return Refusal.SAME_PEER;
        }
        if (eventGroups.isEmpty() || from.outboundGroups().isEmpty() || !to.hasGroups()) {
            return Refusal.NO_GROUPS;
        }
        if (!to.syncCot() || !from.syncCot()) {
            return Refusal.COT_OFF;
        }
        if (provenanceHasTo) {
            return Refusal.ALREADY_VISITED;
        }
        if (to.maxHops() >= 0 && currentHops + 1 > to.maxHops()) {
            return Refusal.HOP_LIMIT;
        }
        if (!intersects(eventGroups, to.outboundGroups())) {
            return Refusal.NO_SHARED_GROUP;
        }
        return Refusal.NONE;
    }

    static boolean intersects(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        for (String group : small) {
            if (large.contains(group)) {
                return true;
            }
        }
        return false;
    }
}
