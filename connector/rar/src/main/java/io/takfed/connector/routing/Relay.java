package io.takfed.connector.routing;

import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.wire.Frames;
import io.takfed.wire.v2.FederateGroupHopLimits;
import io.takfed.wire.v2.FederateHops;
import io.takfed.wire.v2.FederateProvenance;
import io.takfed.wire.v2.FederatedFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Relays frames between every federate of every protocol by the routing table. The GeoEvent and contact bytes
 * pass through as they came (the detail XML is never decoded); only the routing envelope (groups, provenance,
 * hops) is rewritten per receiver. v1 and v2 federates are members alike, which is all bridging takes.
 */
public final class Relay {

    /** A duplicate may replace an existing link only once that link has been silent this long (TAK's rule). */
    public static final java.time.Duration ZOMBIE_AFTER = java.time.Duration.ofSeconds(30);
    /** CoT alerts (emergency, 911, ...), which a peer with {@code share_alerts} off is not sent. */
    static final String ALERT = "b-a-";

    private final AtomicReference<RoutingTable> table;
    // Written when a link comes or goes, read for every event: copy-on-write keeps the read a plain array walk.
    private final Set<Federate> members = new CopyOnWriteArraySet<>();
    private final LongAdder unknownSenderDrops = new LongAdder();
    private final LongAdder loopDrops = new LongAdder();
    private final ContactBook contacts = new ContactBook();
    private final RemoteGroups remoteGroups = new RemoteGroups();
    private volatile Supplier<String> ourCa = () -> null;
    private final LatestSa latestSa;

    /** A relay with latest-SA buffering on, TAK's default. */
    private final io.takfed.connector.discovery.DomainBinding binding;

    public Relay(RoutingTable initial) {
        this(initial, true);
    }

    /** {@code latestSa}: hand a newcomer the latest position report of each uid it may see (TAK's latestSA). */
    public Relay(RoutingTable initial, boolean latestSa) {
        this(initial, latestSa, io.takfed.connector.discovery.DomainBinding.unavailable());
    }

    /** {@code binding}: how both listeners check an inbound peer that has a domain against its SRV targets. */
    public Relay(RoutingTable initial, boolean latestSa, io.takfed.connector.discovery.DomainBinding binding) {
        this.table = new AtomicReference<>(initial);
        this.latestSa = latestSa ? new LatestSa() : null;
        this.binding = binding;
    }

    /**
     * Where the relay finds the fingerprint of the CA that issued our own federation certificate: automatic group
     * mapping applies only to peers whose certificate it issued too.
     */
    public void ourCa(Supplier<String> fingerprint) {
        this.ourCa = fingerprint;
    }

    /** The groups each peer advertised (FederateGroups messages and events' federateGroups), by fingerprint. */
    public RemoteGroups remoteGroups() {
        return remoteGroups;
    }

    /** The inbound domain check both listeners share, with the routing table they read it against. */
    public io.takfed.connector.discovery.DomainBinding binding() {
        return binding;
    }

    /** A link is up: the federate may send and, once {@link Federate#receiving()}, receive. */
    public void join(Federate federate) {
        members.add(federate);
    }

    /** A federate's link ended: it leaves, and its contacts are deleted wherever they were seen. */
    public void leave(Federate leaving) {
        if (!members.remove(leaving)) {
            return;
        }
        if (latestSa != null) {
            latestSa.remove(leaving);
        }
        for (var contact : contacts.remove(leaving)) {
            forward(leaving, Frames.of(contact));
        }
    }

    /** Replaces the policy; a federate that just became routable (approved, new groups) gets the contacts it may see. */
    public void apply(RoutingTable replacement) {
        RoutingTable previous = table.getAndSet(replacement);
        for (Federate federate : members) {
            String fingerprint = federate.fingerprint();
            if (fingerprint != null && federate.receiving() && !replacement.peer(fingerprint)
                    .equals(previous.peer(fingerprint))) {
                welcome(federate);
            }
        }
    }

    /**
     * Sends a federate whose link just opened what TAK sends on connect (spec 3.5.4, 5.3): every contact it may see
     * from the others, then their latest position reports.
     */
    public void welcome(Federate newcomer) {
        RoutingTable current = table.get();
        PeerPolicy receiver = newcomer.fingerprint() == null ? null : current.peer(newcomer.fingerprint()).orElse(null);
        if (receiver == null) {
            return;
        }
        for (Federate owner : contacts.owners()) {
            PeerPolicy sender = visibleSender(owner, newcomer, receiver, current);
            if (sender != null) {
                // A stored contact keeps no groups of its own: it is in those the owner last advertised.
                Set<String> groups = eventGroups(owner, sender, remoteGroups.of(owner.fingerprint()));
                for (var contact : contacts.of(owner)) {
                    sendTo(newcomer, Frames.of(contact), groups, receiver, current.nodeId(), 0);
                }
            }
        }
        if (latestSa == null) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Federate owner : latestSa.owners()) {
            PeerPolicy sender = visibleSender(owner, newcomer, receiver, current);
            if (sender != null) {
                for (FederatedFrame report : latestSa.of(owner, now)) {
                    long hops = report.hasFederateHops() ? report.getFederateHops().getCurrentHops() : 0;
                    Set<String> groups = eventGroups(owner, sender, report.getFederateGroupsList());
                    if (RouteDecision.check(sender, groups, receiver, false, hops) == RouteDecision.Refusal.NONE
                            && alertsAllowed(report, receiver)) {
                        sendTo(newcomer, report, groups, receiver, current.nodeId(), hops);
                    }
                }
            }
        }
    }

    /** The owner's policy if what it sent may reach the newcomer; null otherwise. */
    private PeerPolicy visibleSender(Federate owner, Federate newcomer, PeerPolicy receiver, RoutingTable current) {
        PeerPolicy sender = owner == newcomer || owner.fingerprint() == null ? null
                : current.peer(owner.fingerprint()).orElse(null);
        if (sender == null) {
            return null;
        }
        Set<String> groups = eventGroups(owner, sender, remoteGroups.of(owner.fingerprint()));
        return RouteDecision.check(sender, groups, receiver, false, 0) == RouteDecision.Refusal.NONE ? sender : null;
    }

    /** The local groups of what {@code from} sent in {@code remote} groups (spec 2.3; see FederateControls). */
    private Set<String> eventGroups(Federate from, PeerPolicy sender, List<String> remote) {
        boolean sameCa = sender.controls().automaticGroupMapping() && isOurCa(from.caFingerprint());
        return sender.controls().eventGroups(sender.inboundGroups(), remote, sameCa);
    }

    /** Whether a certificate's issuer is the CA that issued ours: automatic group mapping applies only then. */
    public boolean isOurCa(String caFingerprint) {
        String ours = ourCa.get();
        return ours != null && ours.equals(caFingerprint);
    }

    /**
     * The established link, other than {@code except}, that the certificate already has and that showed life within
     * {@code zombieAfter}: TAK allows one active link per federate, in either direction and on either protocol,
     * and lets a newcomer replace only a zombie (spec 3.6, 7.2).
     */
    public Optional<Federate> activeLink(String fingerprint, Federate except, java.time.Duration zombieAfter) {
        long now = System.nanoTime();
        for (Federate member : members) {
            if (member != except && member.established() && fingerprint.equals(member.fingerprint())
                    && now - member.lastActivityNanos() < zombieAfter.toNanos()) {
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }

    public RoutingTable table() {
        return table.get();
    }

    public long unknownSenderDrops() {
        return unknownSenderDrops.sum();
    }

    public long loopDrops() {
        return loopDrops.sum();
    }

    /** Routes one frame from a federate; returns how many peers it was queued for. */
    public int route(Federate from, FederatedFrame frame) {
        if (frame.hasContact()) {
            Frames.contact(frame).ifPresent(contact -> contacts.record(from, contact));
        }
        return forward(from, frame);
    }

    private int forward(Federate from, FederatedFrame frame) {
        RoutingTable current = table.get();
        PeerPolicy sender = from.fingerprint() == null ? null : current.peer(from.fingerprint()).orElse(null);
        if (sender == null) {
            unknownSenderDrops.increment();
            return 0;
        }
        String nodeId = current.nodeId();
        if (carries(frame, nodeId)) {
            loopDrops.increment();
            return 0;
        }
        if (latestSa != null && frame.hasEvent()) {
            // Only what an approved peer sent, and no loop: what a newcomer is handed could have reached it live.
            latestSa.record(from, frame);
        }
        if (frame.getFederateGroupsCount() > 0) {
            remoteGroups.record(from.fingerprint(), frame.getFederateGroupsList());
        }
        long hops = frame.hasFederateHops() ? frame.getFederateHops().getCurrentHops() : 0;
        Set<String> groups = eventGroups(from, sender, frame.getFederateGroupsList());
        int delivered = 0;
        for (Federate target : members) {
            if (target == from || !target.receiving()) {
                continue;
            }
            PeerPolicy receiver = target.fingerprint() == null ? null : current.peer(target.fingerprint()).orElse(null);
            if (receiver == null) {
                continue;
            }
            boolean visited = !target.serverId().isEmpty() && carries(frame, target.serverId());
            if (RouteDecision.check(sender, groups, receiver, visited, hops) != RouteDecision.Refusal.NONE
                    || !alertsAllowed(frame, receiver)) {
                continue;
            }
            if (sendTo(target, frame, groups, receiver, nodeId, hops)) {
                delivered++;
            }
        }
        return delivered;
    }

    /** False for an alert (CoT type {@code b-a-*}) to a receiver that does not share alerts. */
    private static boolean alertsAllowed(FederatedFrame frame, PeerPolicy receiver) {
        if (receiver.controls().shareAlerts() || !frame.hasEvent()) {
            return true;
        }
        return Frames.header(frame).map(header -> !header.type().startsWith(ALERT)).orElse(true);
    }

    /** Enveloped for the receiver, unless its groups have no hops left (GroupHops); true when queued. */
    private static boolean sendTo(Federate target, FederatedFrame frame, Set<String> eventGroups, PeerPolicy receiver,
                                  String nodeId, long hops) {
        List<String> groups = new ArrayList<>();
        for (String group : eventGroups) {
            if (receiver.outboundGroups().contains(group)) {
                groups.add(group);
            }
        }
        FederateGroupHopLimits limits = GroupHops.next(frame.getFederateGroupHopLimits(), groups, receiver);
        if (GroupHops.exhausted(limits, groups)) {
            return false;
        }
        return target.send(envelope(frame, groups, limits, receiver, nodeId, hops));
    }

    private static boolean carries(FederatedFrame frame, String serverId) {
        for (FederateProvenance provenance : frame.getFederateProvenanceList()) {
            if (serverId.equals(provenance.getFederationServerId())) {
                return true;
            }
        }
        return false;
    }

    private static FederatedFrame envelope(FederatedFrame frame, List<String> groups, FederateGroupHopLimits limits,
                                           PeerPolicy receiver, String nodeId, long hops) {
        FederateHops.Builder nextHops = FederateHops.newBuilder().setCurrentHops(hops + 1)
                .setMaxHops(receiver.maxHops() < 0 ? -1 : receiver.maxHops());
        // The event and contact bytes are shared by reference between receivers; only this envelope is new.
        FederatedFrame.Builder next = frame.toBuilder().clearFederateGroups().addAllFederateGroups(groups);
        if (limits.getLimitsCount() > 0) {
            next.setFederateGroupHopLimits(limits);
        } else {
            next.clearFederateGroupHopLimits();
        }
        return next
                .addFederateProvenance(FederateProvenance.newBuilder().setFederationServerId(nodeId)
                        .setFederationServerName(nodeId))
                .setFederateHops(nextHops).build();
    }
}
