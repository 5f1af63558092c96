package io.takfed.connector.v2;

import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.routing.RouteDecision;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.wire.v2.FederateHops;
import io.takfed.wire.v2.FederateProvenance;
import io.takfed.wire.v2.FederatedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Relays events between v2 federates by the routing table: the GeoEvent and contact are passed through as
 * they came (the detail XML is never re-parsed); only the routing envelope (groups, provenance, hops) is set.
 */
final class V2Relay {

    private final AtomicReference<RoutingTable> table;
    private final java.util.function.Supplier<Iterable<? extends Federate>> federates;
    private final LongAdder unknownSenderDrops = new LongAdder();
    private final LongAdder loopDrops = new LongAdder();

    V2Relay(RoutingTable initial, java.util.function.Supplier<Iterable<? extends Federate>> federates) {
        this.table = new AtomicReference<>(initial);
        this.federates = federates;
    }

    void apply(RoutingTable replacement) {
        table.set(replacement);
    }

    RoutingTable table() {
        return table.get();
    }

    long unknownSenderDrops() {
        return unknownSenderDrops.sum();
    }

    long loopDrops() {
        return loopDrops.sum();
    }

    /** Routes one event from a federate; returns how many peers it was written to. */
    int route(Federate from, FederatedEvent event) {
        RoutingTable current = table.get();
        PeerPolicy sender = current.peer(from.fingerprint()).orElse(null);
        if (sender == null) {
            unknownSenderDrops.increment();
            return 0;
        }
        String nodeId = current.nodeId();
        if (event.getFederateProvenanceList().stream().anyMatch(p -> nodeId.equals(p.getFederationServerId()))) {
            loopDrops.increment();
            return 0;
        }
        long hops = event.hasFederateHops() ? event.getFederateHops().getCurrentHops() : 0;
        int delivered = 0;
        for (Federate target : federates.get()) {
            if (target == from || !target.receiving()) {
                continue;
            }
            PeerPolicy receiver = current.peer(target.fingerprint()).orElse(null);
            if (receiver == null) {
                continue;
            }
            boolean visited = !target.serverId().isEmpty() && event.getFederateProvenanceList().stream()
                    .anyMatch(p -> target.serverId().equals(p.getFederationServerId()));
            if (RouteDecision.check(sender, receiver, visited, hops) != RouteDecision.Refusal.NONE) {
                continue;
            }
            if (target.send(envelope(event, sender, receiver, nodeId, hops))) {
                delivered++;
            }
        }
        return delivered;
    }

    private static FederatedEvent envelope(FederatedEvent event, PeerPolicy sender, PeerPolicy receiver,
                                           String nodeId, long hops) {
        List<String> groups = new ArrayList<>();
        for (String group : sender.inboundGroups()) {
            if (receiver.outboundGroups().contains(group)) {
                groups.add(group);
            }
        }
        FederateHops.Builder nextHops = FederateHops.newBuilder().setCurrentHops(hops + 1)
                .setMaxHops(receiver.maxHops() < 0 ? -1 : receiver.maxHops());
        return event.toBuilder().clearFederateGroups().addAllFederateGroups(groups)
                .addFederateProvenance(FederateProvenance.newBuilder().setFederationServerId(nodeId)
                        .setFederationServerName(nodeId))
                .setFederateHops(nextHops).build();
    }
}
