package io.takfed.peers;

import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.FederationStrategy;
import io.takfed.connector.api.routing.RoutingTable;
import jakarta.persistence.EntityManager;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Reconciles the transport's live links with the peers table, within the caller's transaction: an unknown
 * certificate becomes a pending peer that exchanges nothing; a known peer's status, last connection and
 * last error follow its link. Also turns the table into the routing policy the transport applies.
 */
public final class PeerLinks {

    public static final String PENDING_APPROVAL = "pending_approval";
    private static final Logger LOG = Logger.getLogger(PeerLinks.class.getName());

    private final EntityManager em;
    private final FederationStrategy strategy;

    public PeerLinks(EntityManager em) {
        this(em, FederationStrategy.ALLOW_DYNAMIC);
    }

    public PeerLinks(EntityManager em, FederationStrategy strategy) {
        this.em = em;
        this.strategy = strategy;
    }

    /**
     * Approved (enabled) peers with a known certificate; everyone else is unknown to the transport. Rejected
     * certificates and the strategy go with it, so the transport refuses them before any work.
     */
    public RoutingTable routingTable(String nodeId) {
        java.util.Set<String> rejected = Set.copyOf(em.createQuery("select p.fingerprint from FederationPeer p "
                + "where p.status = :rejected and p.fingerprint is not null", String.class)
                .setParameter("rejected", PeerStatus.REJECTED).getResultList());
        List<PeerPolicy> policies = em.createQuery(
                "select p from FederationPeer p where p.enabled = true and p.fingerprint is not null",
                FederationPeer.class).getResultList().stream()
                .map(p -> new PeerPolicy(p.getId(), p.getName(), p.getFingerprint(),
                        Set.copyOf(JsonStringList.read(p.getInboundGroups())),
                        Set.copyOf(JsonStringList.read(p.getOutboundGroups())), p.isSyncCot(), p.getMaxHops(),
                        p.getDomain(), p.controls().forRouting()))
                .toList();
        return RoutingTable.of(nodeId, policies, strategy, rejected);
    }

    public void reconcile(List<LinkReport> links) {
        Map<String, LinkReport> live = links.stream()
                .filter(link -> LinkReport.INBOUND.equals(link.direction()) && link.federate())
                .collect(Collectors.toMap(LinkReport::fingerprint, Function.identity(), (a, b) -> a));
        Map<String, LinkReport> failed = links.stream()
                .filter(link -> LinkReport.INBOUND.equals(link.direction()) && link.failure() != null
                        && link.fingerprint() != null)
                .collect(Collectors.toMap(LinkReport::fingerprint, Function.identity(), (a, b) -> a));
        Set<String> known = new HashSet<>();
        for (FederationPeer peer : em.createQuery("select p from FederationPeer p where p.fingerprint is not null",
                FederationPeer.class).getResultList()) {
            known.add(peer.getFingerprint());
            if (!peer.dialled()) {
                // Peers we dial follow their outbound link (OutboundPeers), not inbound sessions.
                follow(peer, live.get(peer.getFingerprint()), failed.get(peer.getFingerprint()));
            }
        }
        live.values().stream().filter(link -> !known.contains(link.fingerprint())).forEach(this::recordPending);
    }

    /** Stores the groups each peer advertised, where they changed (shown as {@code remote_groups}). */
    public void advertised(Map<String, List<String>> groups) {
        if (groups.isEmpty()) {
            return;
        }
        em.createQuery("select p from FederationPeer p where p.fingerprint in :fingerprints", FederationPeer.class)
                .setParameter("fingerprints", groups.keySet()).getResultList()
                .forEach(peer -> peer.remoteGroups(groups.get(peer.getFingerprint())));
    }

    private void follow(FederationPeer peer, LinkReport link, LinkReport lastFailure) {
        String status = peer.getStatus();
        String lastError = peer.getLastError();
        if (!peer.isEnabled()) {
            status = PENDING_APPROVAL.equals(status) || PeerStatus.REJECTED.equals(status) ? status
                    : PeerStatus.DISABLED;
        } else if (link != null) {
            status = PeerStatus.CONNECTED;
            boolean groups = sharesGroups(peer);
            // no-groups and pending-approval describe the link's state: once untrue, they are cleared.
            boolean stateLabel = FederationFailure.NO_GROUPS.label().equals(lastError)
                    || FederationFailure.PENDING_APPROVAL.label().equals(lastError);
            lastError = !groups ? FederationFailure.NO_GROUPS.label() : stateLabel ? null : lastError;
            var since = link.connectedSince().truncatedTo(ChronoUnit.MICROS);
            if (!since.equals(peer.getLastConnected())) {
                peer.setLastConnected(since);
            }
        } else {
            if (PeerStatus.CONNECTED.equals(status)) {
                status = PeerStatus.DISCONNECTED;
            }
            if (lastFailure != null && PeerStatus.DISCONNECTED.equals(status)) {
                // Why the link went (protocol-error, frame-too-large, ...), until it comes back.
                lastError = lastFailure.failure();
            }
        }
        if (!status.equals(peer.getStatus())) {
            peer.setStatus(status);
        }
        if (!Objects.equals(lastError, peer.getLastError())) {
            peer.setLastError(lastError);
        }
    }

    private void recordPending(LinkReport link) {
        FederationPeer peer = new FederationPeer();
        String name = link.displayName();
        if (!em.createNamedQuery(FederationPeer.BY_NAME, FederationPeer.class).setParameter("name", name)
                .getResultList().isEmpty()) {
            name = name + " (" + link.fingerprint().substring(0, 11) + ")";
        }
        peer.setName(name.length() > PeerValidator.MAX_NAME ? name.substring(0, PeerValidator.MAX_NAME) : name);
        peer.setDescription("Connected with an unknown certificate (" + link.subject() + ", issued by "
                + link.issuer() + "); approve by giving it groups and enabling it.");
        peer.setAddress(host(link.remoteAddress()));
        // The federation port it dialled, which is the default one of its protocol unless configured otherwise.
        peer.setPort("v1".equals(link.protocol()) ? 9000 : 9001);
        peer.setConnectionType("inbound");
        peer.setProtocolVersion(link.protocol());
        peer.setTransportProtocol("tcp");
        peer.setUseTls(true);
        peer.setVerifySsl(true);
        peer.setSyncMissions(true);
        peer.setSyncCot(true);
        peer.setFingerprint(link.fingerprint());
        if (strategy == FederationStrategy.ALLOW_ALL) {
            // Admitted without approval; with no groups it still exchanges nothing, and says so (no-groups).
            peer.setEnabled(true);
            peer.setStatus(PeerStatus.CONNECTED);
            peer.setLastError(FederationFailure.NO_GROUPS.label());
            peer.setDescription("Admitted under allowAll (" + link.subject() + ", issued by " + link.issuer()
                    + "); give it groups for anything to flow.");
            em.persist(peer);
            new io.takfed.audit.AuditTrail(em).record(io.takfed.audit.AuditTrail.SYSTEM, "peer.admitted",
                    peer.getName(), "unknown certificate " + link.fingerprint() + " admitted under allowAll");
            LOG.log(Level.WARNING, "TAKFED-F013 Federate {0} ({1}) admitted under allowAll", new Object[] {
                    link.displayName(), link.fingerprint()});
            return;
        }
        peer.setEnabled(false);
        peer.setStatus(PENDING_APPROVAL);
        peer.setLastError(FederationFailure.PENDING_APPROVAL.label());
        em.persist(peer);
        new io.takfed.audit.AuditTrail(em).record(io.takfed.audit.AuditTrail.SYSTEM, "peer.pending", peer.getName(),
                "unknown certificate " + link.fingerprint() + " (" + link.subject() + ", issued by " + link.issuer()
                        + ") from " + link.remoteAddress() + " waits for approval");
        LOG.log(Level.WARNING, "TAKFED-F008 pending-approval: unknown federate {0} ({1}) recorded as pending; it "
                + "exchanges nothing until an administrator approves or rejects it", new Object[] {link.displayName(),
                link.fingerprint()});
    }

    /** A peer exchanges anything only with groups in both directions; without, its link carries nothing. */
    static boolean sharesGroups(FederationPeer peer) {
        return peer.controls().receivesInbound(JsonStringList.read(peer.getInboundGroups()))
                && !JsonStringList.read(peer.getOutboundGroups()).isEmpty();
    }

    /** The host part of a socket address as Java prints it ({@code /10.0.0.5:41234}, {@code /[::1]:5}). */
    static String host(String remote) {
        String text = remote == null ? "" : remote.substring(remote.indexOf('/') + 1);
        int port = text.lastIndexOf(':');
        String host = port > 0 ? text.substring(0, port) : text;
        host = host.replace("[", "").replace("]", "");
        return PeerValidator.isHostOrIp(host) ? host : "0.0.0.0";
    }
}
