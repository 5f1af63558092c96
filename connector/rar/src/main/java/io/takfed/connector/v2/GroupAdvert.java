package io.takfed.connector.v2;

import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.wire.v2.FederateGroupHopLimit;
import io.takfed.wire.v2.FederateGroupHopLimits;
import io.takfed.wire.v2.FederateGroups;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What we advertise to a peer with group mapping on, as TAK does once its event stream is set up (spec 3.4 step 5,
 * 3.5.2): our outbound groups for it, with their hop limits when it has group hop limiting. Nothing without mapping.
 */
final class GroupAdvert {

    private GroupAdvert() {
    }

    static Optional<FederateGroups> to(RoutingTable table, String fingerprint) {
        if (fingerprint == null) {
            return Optional.empty();
        }
        return table.peer(fingerprint).filter(peer -> peer.controls().federatedGroupMapping()).map(GroupAdvert::of);
    }

    private static FederateGroups of(PeerPolicy peer) {
        FederateGroups.Builder groups = FederateGroups.newBuilder().addAllFederateGroups(
                new TreeSet<>(peer.outboundGroups()));
        if (peer.controls().useGroupHopLimiting() && !peer.controls().outboundGroupHopLimits().isEmpty()) {
            FederateGroupHopLimits.Builder limits = FederateGroupHopLimits.newBuilder().setUseFederateGroupHopLimits(true);
            new TreeSet<>(peer.controls().outboundGroupHopLimits().keySet()).forEach(group -> limits.addLimits(
                    FederateGroupHopLimit.newBuilder().setGroupName(group)
                            .setMaxHops(peer.controls().outboundGroupHopLimits().get(group)).setCurrentHops(0)));
            groups.setFederateGroupHopLimits(limits);
        }
        return groups.build();
    }
}
