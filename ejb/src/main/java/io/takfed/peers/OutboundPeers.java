package io.takfed.peers;

import io.takfed.connector.api.DialRequest;
import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.LinkReport;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Keeps every enabled outbound peer (v1 or v2) dialled, with TAK's reconnect semantics (spec 7.1), within the caller's
 * transaction: after a failure wait {@code reconnect_interval} (0: disable instead); each later attempt counts
 * against {@code max_retries} (-1: unlimited); when they run out, disable the peer and enable its fallback.
 * All of it is persisted, so a restart resumes where it was. The clock is injected for tests.
 */
public final class OutboundPeers {

    public static final String CONNECTING = "connecting";
    public static final String WAITING_TO_RETRY = "waiting_to_retry";
    public static final String ERROR = "error";
    private static final Logger LOG = Logger.getLogger(OutboundPeers.class.getName());

    /** The transport operations this needs. */
    public interface Dialer {
        void dial(DialRequest request);

        void hangUp(long peerId);
    }

    private final EntityManager em;
    private final PeerCatalog catalog;
    private final Dialer dialer;
    private final Clock clock;
    private final Duration defaultInterval;
    private final String nodeId;

    private final io.takfed.connector.api.routing.FederationStrategy strategy;

    public OutboundPeers(EntityManager em, PeerCatalog catalog, Dialer dialer, Clock clock, Duration defaultInterval,
                         String nodeId) {
        this(em, catalog, dialer, clock, defaultInterval, nodeId,
                io.takfed.connector.api.routing.FederationStrategy.ALLOW_DYNAMIC);
    }

    public OutboundPeers(EntityManager em, PeerCatalog catalog, Dialer dialer, Clock clock, Duration defaultInterval,
                         String nodeId, io.takfed.connector.api.routing.FederationStrategy strategy) {
        this.strategy = strategy;
        this.em = em;
        this.catalog = catalog;
        this.dialer = dialer;
        this.clock = clock;
        this.defaultInterval = defaultInterval;
        this.nodeId = nodeId;
    }

    public void reconcile(List<LinkReport> links) {
        Map<Long, LinkReport> outbound = links.stream().filter(l -> LinkReport.OUTBOUND.equals(l.direction()))
                .collect(Collectors.toMap(LinkReport::peerId, Function.identity(), (a, b) -> a));
        List<FederationPeer> dialled = em.createQuery("select p from FederationPeer p where p.enabled = true "
                + "and p.connectionType = 'outbound'", FederationPeer.class).getResultList();
        if (strategy == io.takfed.connector.api.routing.FederationStrategy.ALLOW_NONE) {
            // Decided before any DNS lookup or dial: nothing is dialled, and each peer says why.
            outbound.keySet().forEach(dialer::hangUp);
            dialled.forEach(peer -> set(peer, ERROR, FederationFailure.FEDERATION_DENIED.label()));
            return;
        }
        Set<Long> wanted = dialled.stream().map(FederationPeer::getId).collect(Collectors.toSet());
        outbound.keySet().stream().filter(id -> !wanted.contains(id)).forEach(dialer::hangUp);
        for (FederationPeer peer : dialled) {
            step(peer, outbound.get(peer.getId()));
        }
    }

    private void step(FederationPeer peer, LinkReport link) {
        if (link != null && !link.protocol().equals(peer.getProtocolVersion())) {
            // The administrator switched the peer's protocol: the old link goes, the new one is dialled now.
            dialer.hangUp(peer.getId());
            dial(peer);
            return;
        }
        if (link != null && (CONNECTING.equals(link.state()) || PeerStatus.CONNECTED.equals(link.state()))) {
            if (PeerStatus.CONNECTED.equals(link.state())) {
                connected(peer, link);
            } else {
                set(peer, CONNECTING, peer.getLastError());
            }
            return;
        }
        if (link != null) {
            dialer.hangUp(peer.getId());
            failed(peer, link.failure());
            return;
        }
        if (WAITING_TO_RETRY.equals(peer.getStatus())) {
            if (peer.getNextAttemptAt() != null && clock.instant().isBefore(peer.getNextAttemptAt())) {
                return;
            }
            if (peer.getMaxRetries() >= 0 && peer.getRetryCount() >= peer.getMaxRetries()) {
                exhausted(peer);
                return;
            }
            peer.setRetryCount(peer.getRetryCount() + 1);
        }
        dial(peer);
    }

    private void connected(FederationPeer peer, LinkReport link) {
        if (peer.getFingerprint() == null && link.fingerprint() != null
                && catalog.byFingerprint(link.fingerprint()).isEmpty()) {
            // Pin on first use: from now on this certificate is the peer's identity.
            peer.setFingerprint(link.fingerprint());
        }
        set(peer, PeerStatus.CONNECTED, PeerLinks.sharesGroups(peer) ? null : FederationFailure.NO_GROUPS.label());
        Instant since = link.connectedSince().truncatedTo(ChronoUnit.MICROS);
        if (!since.equals(peer.getLastConnected())) {
            peer.setLastConnected(since);
        }
        peer.setNextAttemptAt(null);
    }

    private void failed(FederationPeer peer, String label) {
        if (FederationFailure.DUPLICATE_CONNECTION.label().equals(label)) {
            // TAK's outgoing role: the federate is already linked (it dials us); keep one link, disable ours.
            LOG.log(Level.WARNING, "TAKFED-F010 duplicate-connection: {0} already has an active link; disabling "
                    + "this outgoing", peer.getName());
            disable(peer, label);
            return;
        }
        Duration interval = peer.getReconnectInterval() == null ? defaultInterval
                : Duration.ofSeconds(peer.getReconnectInterval());
        if (interval.isZero()) {
            disable(peer, label);
            return;
        }
        set(peer, WAITING_TO_RETRY, label);
        peer.setNextAttemptAt(clock.instant().plus(interval).truncatedTo(ChronoUnit.MICROS));
    }

    private void exhausted(FederationPeer peer) {
        LOG.log(Level.WARNING, "TAKFED-R001 {0}: {1} reconnect attempts used up; disabling it",
                new Object[] {peer.getName(), String.valueOf(peer.getRetryCount())});
        disable(peer, peer.getLastError());
        if (peer.getFallbackServerId() != null) {
            FederationPeer fallback = em.find(FederationPeer.class, peer.getFallbackServerId());
            if (fallback != null && !fallback.isEnabled()) {
                fallback.setEnabled(true);
                fallback.setStatus(PeerStatus.DISCONNECTED);
                fallback.setRetryCount(0);
                fallback.setNextAttemptAt(null);
                LOG.log(Level.WARNING, "TAKFED-R002 Enabling fallback {0} for {1}", new Object[] {fallback.getName(),
                        peer.getName()});
            }
        }
    }

    private void disable(FederationPeer peer, String label) {
        peer.setEnabled(false);
        peer.setRetryCount(0);
        peer.setNextAttemptAt(null);
        set(peer, PeerStatus.DISABLED, label);
    }

    private void dial(FederationPeer peer) {
        PeerCredentials credentials = catalog.credentials(peer.getId());
        try {
            dialer.dial(new DialRequest(peer.getId(), nodeId, peer.getAddress(), peer.getPort(), peer.isVerifySsl(),
                    credentials.anchors(), credentials.clientChain(), credentials.clientKey().orElse(null),
                    peer.getFingerprint(), peer.getProtocolVersion(), peer.getDomain()));
            set(peer, CONNECTING, peer.getLastError());
        } catch (RuntimeException e) {
            set(peer, ERROR, peer.getLastError());
            LOG.log(Level.WARNING, "TAKFED-R003 Cannot dial {0}: {1}", new Object[] {peer.getName(), e.getMessage()});
        }
    }

    private static void set(FederationPeer peer, String status, String lastError) {
        if (!status.equals(peer.getStatus())) {
            peer.setStatus(status);
        }
        if (!Objects.equals(lastError, peer.getLastError())) {
            peer.setLastError(lastError);
        }
    }
}
