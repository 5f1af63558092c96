package io.takfed.missions;

import io.takfed.peers.FederationPeer;
import io.takfed.peers.JsonStringList;
import io.takfed.peers.PeerControls;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a change is meant for one peer, by the rules CoT follows: not its own, not through it already, in a group
 * it receives (the change's groups meet its outbound groups), within its hop limit; a mission its filter admits and
 * its per-mission federation allows (TAK's {@code mission name enabled}, else {@code missionFederateDefault}: both
 * must say yes), and with TAK's federateOnlyPublicMissions a public one. The one rule for sending
 * ({@link MissionDelivery}) and for counting ({@link DeliveryStats}).
 * <p>
 * The peer's own lists are read once; a change's lists (stored as JSON text) once per distinct text, since a
 * backlog's changes share a few: a drain asks this of every change in the log, most of them on a receiver that only
 * skips what the peer itself sent.
 */
final class DeliveryRule {

    /** Distinct list texts remembered; beyond that a text is read each time, so a hostile log bounds no memory. */
    private static final int LISTS_KEPT = 256;

    private final long peerId;
    private final String nodeId;
    private final int maxHops;
    private final List<String> outbound;
    private final List<String> missionFilter;
    private final boolean onlyPublic;
    private final Map<String, List<String>> lists = new HashMap<>();
    private final PeerControls controls;
    private final Map<String, Boolean> federated = new HashMap<>();

    DeliveryRule(long peerId, String nodeId, int maxHops, List<String> outbound, List<String> missionFilter,
                 boolean onlyPublic) {
        this(peerId, nodeId, maxHops, outbound, missionFilter, onlyPublic, PeerControls.DEFAULTS);
    }

    DeliveryRule(long peerId, String nodeId, int maxHops, List<String> outbound, List<String> missionFilter,
                 boolean onlyPublic, PeerControls controls) {
        this.controls = controls;
        this.peerId = peerId;
        this.nodeId = nodeId;
        this.maxHops = maxHops;
        this.outbound = outbound == null ? List.of() : outbound;
        this.missionFilter = missionFilter;
        this.onlyPublic = onlyPublic;
    }

    static DeliveryRule of(FederationPeer peer, boolean onlyPublic) {
        return new DeliveryRule(peer.getId(), peer.getNodeId(), peer.getMaxHops(),
                JsonStringList.read(peer.getOutboundGroups()), JsonStringList.read(peer.getMissionFilter()),
                onlyPublic, peer.controls());
    }

    boolean meant(MissionChange change) {
        return meant(change.getOriginPeerId(), change.getProvenance(), change.getGroups(), change.getMissionName(),
                change.getMissionTool());
    }

    /** The rule on the columns it reads; {@code provenance} and {@code groups} as stored (JSON arrays). */
    boolean meant(Long originPeerId, String provenance, String groups, String missionName, String missionTool) {
        if (originPeerId != null && originPeerId == peerId) {
            return false;
        }
        if (onlyPublic && !MissionChange.isOfPublicMission(missionName, missionTool)) {
            return false;
        }
        List<String> path = list(provenance);
        // The hops a change has made: its provenance lists the node it was made on and each it passed.
        int hops = Math.max(0, path.size() - 1);
        return (nodeId == null || !path.contains(nodeId))
                && list(groups).stream().anyMatch(outbound::contains)
                && (maxHops < 0 || hops + 1 <= maxHops)
                && MissionFilter.admits(missionFilter, missionName)
                && federates(missionName);
    }

    /**
     * The peer's per-mission federation for the mission, remembered per name as the lists are. A file belongs to no
     * mission (its name is empty) and is not held back: the missions that use it are gated themselves.
     */
    private boolean federates(String missionName) {
        if (missionName == null || missionName.isEmpty()) {
            return true;
        }
        Boolean known = federated.get(missionName);
        if (known == null) {
            known = controls.federatesMission(missionName);
            if (federated.size() < LISTS_KEPT) {
                federated.put(missionName, known);
            }
        }
        return known;
    }

    /**
     * The groups a change carries to the peer ({@code federateGroups}), as TAK sends them to a federate with group
     * mapping (spec 6.2): the change's groups it receives. None without mapping, as TAK sends none.
     */
    List<String> groupsSent(String groups) {
        if (!controls.federatedGroupMapping()) {
            return List.of();
        }
        return list(groups).stream().filter(outbound::contains).toList();
    }

    /** A stored list as read, remembered per text. */
    List<String> list(String stored) {
        List<String> read = lists.get(stored);
        if (read == null) {
            read = JsonStringList.read(stored);
            if (read == null) {
                return List.of();
            }
            if (lists.size() < LISTS_KEPT) {
                lists.put(stored, read);
            }
        }
        return read;
    }
}
