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
    private final ContactBook contacts = new ContactBook();

    V2Relay(RoutingTable initial, java.util.function.Supplier<Iterable<? extends Federate>> federates) {
        this.table = new AtomicReference<>(initial);
        this.federates = federates;
    }

    /** Replaces the policy; a federate that just became routable (approved, new groups) gets the contacts it may see. */
    void apply(RoutingTable replacement) {
        RoutingTable previous = table.getAndSet(replacement);
        for (Federate federate : federates.get()) {
            String fingerprint = federate.fingerprint();
            if (fingerprint != null && federate.receiving() && !replacement.peer(fingerprint)
                    .equals(previous.peer(fingerprint))) {
                welcome(federate);
            }
        }
    }

    /** Sends a federate whose stream just opened every contact it may see from the others. */
    void welcome(Federate newcomer) {
        RoutingTable current = table.get();
        PeerPolicy receiver = newcomer.fingerprint() == null ? null : current.peer(newcomer.fingerprint()).orElse(null);
        if (receiver == null) {
            return;
        }
        for (Federate owner : contacts.owners()) {
            PeerPolicy sender = owner == newcomer || owner.fingerprint() == null ? null
                    : current.peer(owner.fingerprint()).orElse(null);
            if (sender != null && RouteDecision.check(sender, receiver, false, 0) == RouteDecision.Refusal.NONE) {
                for (var contact : contacts.of(owner)) {
                    newcomer.send(envelope(FederatedEvent.newBuilder().setContact(contact).build(), sender, receiver,
                            current.nodeId(), 0));
                }
            }
        }
    }

    /** A federate's link ended: its contacts are deleted wherever they were seen. */
    void farewell(Federate leaving) {
        for (var contact : contacts.remove(leaving)) {
            forward(leaving, FederatedEvent.newBuilder().setContact(contact).build());
        }
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
        if (event.hasContact()) {
            contacts.record(from, event.getContact());
        }
        return forward(from, event);
    }

    private int forward(Federate from, FederatedEvent event) {
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
