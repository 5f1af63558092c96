package io.takfed.connector.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.api.ProbeRequest;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.discovery.DiscoveryException;
import io.takfed.connector.discovery.DomainBinding;
import io.takfed.connector.discovery.SrvDiscovery;
import io.takfed.connector.routing.Relay;
import io.takfed.connector.v1.V1Federation;
import io.takfed.connector.v2.V2Server;
import java.util.ArrayList;
import java.net.InetSocketAddress;
import java.util.List;
import io.takfed.connector.api.ProbeResult;
import io.takfed.connector.api.TransportStatus;
import io.takfed.connector.transport.probe.TlsProbe;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.transport.tls.IdentityLoader;
import io.takfed.connector.transport.tls.IdentityWatcher;
import io.takfed.connector.transport.tls.LiveIdentity;
import io.takfed.pki.PemException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything the adapter runs while started: the Netty event loops, the federation identity and the server TLS
 * context that the v1 and v2 listeners use.
 */
public final class TransportRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TransportRuntime.class.getName());

    private final ConnectorSettings settings;
    private final EventLoopGroup workers;
    private final LiveIdentity identity;
    private final IdentityWatcher watcher;
    private final FederationTls tls;
    private final SslContext serverContext;
    private final TlsProbe probe;
    private final Relay relay;
    private final V2Server v2;
    private final String v2Listener;
    private final V1Federation v1;
    private final String v1Listener;
    private final SrvDiscovery discovery;
    private final java.util.concurrent.ExecutorService lookups;
    /** Outbound peers whose last dial failed in discovery, before any socket: reported like a failed link. */
    private final java.util.Map<Long, LinkReport> undiscovered = new java.util.concurrent.ConcurrentHashMap<>();

    private TransportRuntime(ConnectorSettings settings, EventLoopGroup workers, LiveIdentity identity,
                             IdentityWatcher watcher,
                             FederationTls tls, SslContext serverContext, Relay relay, V2Server v2,
                             String v2Listener, V1Federation v1, String v1Listener, SrvDiscovery discovery,
                             java.util.concurrent.ExecutorService lookups) {
        this.discovery = discovery;
        this.lookups = lookups;
        this.watcher = watcher;
        this.relay = relay;
        this.v1 = v1;
        this.v1Listener = v1Listener;
        this.settings = settings;
        this.workers = workers;
        this.identity = identity;
        this.tls = tls;
        this.serverContext = serverContext;
        this.probe = new TlsProbe(workers, tls, identity, discovery, settings.discovery());
        this.v2 = v2;
        this.v2Listener = v2Listener;
    }

    /** Loads the identity and builds TLS first, so that a bad certificate fails the start before any thread runs. */
    public static TransportRuntime start(ConnectorSettings settings) throws IOException, PemException {
        IdentityLoader loader = new IdentityLoader(settings);
        FederationIdentity loaded = loader.load();
        LiveIdentity identity = LiveIdentity.of(loaded);
        FederationTls tls = new FederationTls(settings.tlsProtocols());
        SslContext serverContext = tls.server(identity);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(settings.eventLoopThreads(),
                new DefaultThreadFactory("takfed-federation", true), NioIoHandler.newFactory());
        LOG.log(Level.INFO, "TAKFED-T001 Federation transport started: {0} event-loop threads, identity {1} "
                + "(SHA-256 {2}), protocols {3}", new Object[] {settings.eventLoopThreads(),
                loaded.certificate().getSubjectX500Principal().getName(), loaded.fingerprint(),
                tls.protocols()});
        // One relay for both protocols: that is all v1-v2 bridging takes. Nothing flows until the domain pushes a
        // routing table: every peer is unknown until then.
        // The strategy applies from the first connection, before the domain's first table arrives.
        SrvDiscovery discovery = settings.discovery().discovery();
        java.util.concurrent.ExecutorService lookups = java.util.concurrent.Executors.newFixedThreadPool(2,
                new DefaultThreadFactory("takfed-discovery", true));
        Relay relay = new Relay(RoutingTable.empty("", settings.strategy()), settings.latestSa(),
                new DomainBinding(discovery, settings.discovery(), lookups));
        relay.ourCa(identity::caFingerprint);
        V2Server v2 = null;
        String v2Listener = "disabled";
        V1Federation v1 = null;
        String v1Listener = "disabled";
        if (settings.federationEnabled()) {
            InetSocketAddress address = new InetSocketAddress(settings.bindAddress(), settings.v2Port());
            try {
                v2 = V2Server.start(address, workers, workers, identity, tls, relay, settings.v2MaxMessageBytes(),
                        settings.v2QueueCapacity(), V2Server.HEALTH_TIMEOUT, V2Server.SWEEP_INTERVAL);
                v2Listener = "listening on " + settings.bindAddress() + ":" + v2.port();
                LOG.log(Level.INFO, "TAKFED-T004 Federation v2 {0}", v2Listener);
            } catch (IOException | RuntimeException e) {
                // The admin API must stay up to say why federation is not: report, do not fail the adapter.
                v2Listener = "failed: " + e.getMessage();
                LOG.log(Level.SEVERE, "TAKFED-T005 Federation v2 cannot listen on {0}: {1}",
                        new Object[] {address, e.toString()});
            }
            InetSocketAddress v1Address = new InetSocketAddress(settings.bindAddress(), settings.v1Port());
            try {
                v1 = V1Federation.start(v1Address, workers, identity, tls, relay, settings.v1MaxFrameBytes(),
                        settings.v2QueueCapacity(), settings.v1IdleTimeout());
                v1Listener = "listening on " + settings.bindAddress() + ":" + v1.port();
                LOG.log(Level.INFO, "TAKFED-T006 Federation v1 {0}", v1Listener);
            } catch (IOException | RuntimeException e) {
                v1Listener = "failed: " + e.getMessage();
                LOG.log(Level.SEVERE, "TAKFED-T007 Federation v1 cannot listen on {0}: {1}",
                        new Object[] {v1Address, e.toString()});
            }
        }
        IdentityWatcher watcher = new IdentityWatcher(loader, identity).start(settings.pkiReloadInterval());
        return new TransportRuntime(settings, workers, identity, watcher, tls, serverContext, relay, v2, v2Listener, v1,
                v1Listener, discovery, lookups);
    }

    public void applyRouting(RoutingTable table) {
        if (v2 != null) {
            // The v2 listener applies it to the relay and admits the ROL streams it held back for approval.
            v2.apply(table);
        } else {
            relay.apply(table);
        }
    }

    /**
     * Dials the peer's address, or the SRV targets of its domain in RFC 2782 order, each tried when the one before
     * refused the connection. Runs on the caller's (container) thread, so a DNS lookup never blocks an event loop.
     */
    public void dial(io.takfed.connector.api.DialRequest request) {
        boolean v1Peer = io.takfed.connector.api.DialRequest.V1.equals(request.protocol());
        if (v1Peer ? v1 == null : v2 == null) {
            throw new IllegalStateException("federation " + request.protocol() + " is "
                    + (v1Peer ? v1Listener : v2Listener));
        }
        undiscovered.remove(request.peerId());
        List<io.takfed.connector.api.DialRequest> attempts;
        if (request.discovered()) {
            try {
                attempts = discovery.lookup(settings.discovery().service(request.protocol()), request.domain())
                        .stream().map(target -> request.at(target.host(), target.port())).toList();
            } catch (DiscoveryException e) {
                LOG.log(Level.WARNING, "{0} {1}: cannot dial peer {2}: {3}", new Object[] {e.failure().logId(),
                        e.failure().label(), String.valueOf(request.peerId()), e.getMessage()});
                undiscovered.put(request.peerId(), new LinkReport(null, request.domain(), null, null, null,
                        request.protocol(), request.domain(), java.time.Instant.now(), false, 0, 0, 0, null,
                        LinkReport.OUTBOUND, request.peerId(), "failed", e.failure().label(), e.getMessage(),
                        java.util.Map.of()));
                return;
            }
        } else {
            attempts = List.of(request);
        }
        try {
            if (v1Peer) {
                v1.dial(attempts);
            } else {
                v2.dial(attempts);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot dial " + request + ": " + e.getMessage(), e);
        }
    }

    /** Ends the peer's outbound link on whichever protocol it has one. */
    public void hangUp(long peerId) {
        undiscovered.remove(peerId);
        if (v2 != null) {
            v2.hangUp(peerId);
        }
        if (v1 != null) {
            v1.hangUp(peerId);
        }
    }

    public java.util.Map<String, List<String>> advertisedGroups() {
        return relay.remoteGroups().all();
    }

    public List<LinkReport> links() {
        List<LinkReport> all = new ArrayList<>();
        if (v2 != null) {
            all.addAll(v2.links());
        }
        if (v1 != null) {
            all.addAll(v1.links());
        }
        all.addAll(undiscovered.values());
        return List.copyOf(all);
    }

    public List<io.takfed.connector.api.RolLink> rolLinks() {
        return v2 == null ? List.of() : v2.rolLinks();
    }

    public long sendRol(String sessionId, List<io.takfed.connector.api.RolMessage> messages) {
        if (v2 == null) {
            throw new IllegalStateException("federation v2 is " + v2Listener);
        }
        return v2.sendRol(sessionId, messages);
    }

    public List<io.takfed.connector.api.ReceivedRol> receivedRol(int max) {
        return v2 == null ? List.of() : v2.receivedRol(max);
    }

    public void ackRol(String sessionId, long number) {
        if (v2 != null) {
            v2.ackRol(sessionId, number);
        }
    }

    public TransportStatus status() {
        FederationIdentity current = identity.current();
        return new TransportStatus(!workers.isShuttingDown(), current.source().label(),
                current.certificate().getSubjectX500Principal().getName(), current.fingerprint(),
                current.certificate().getNotAfter().toInstant(), tls.protocols().toArray(String[]::new),
                settings.eventLoopThreads(), v2Listener, v1Listener);
    }

    public ProbeResult probe(ProbeRequest request) {
        return probe.probe(request);
    }

    public SslContext serverContext() {
        return serverContext;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    /** Synchronous on purpose: once the adapter is stopped its class loader closes, and no thread may outlive it. */
    @Override
    public void close() {
        watcher.close();
        if (v2 != null) {
            v2.close();
        }
        if (v1 != null) {
            v1.close();
        }
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        lookups.shutdownNow();
        // dnsjava's selector thread must not outlive the adapter's class loader.
        org.xbill.DNS.NioClient.close();
        LOG.info("TAKFED-T002 Federation transport stopped");
    }
}
