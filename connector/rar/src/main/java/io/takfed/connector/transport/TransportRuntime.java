package io.takfed.connector.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.api.ProbeRequest;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.v2.V2Server;
import java.net.InetSocketAddress;
import java.util.List;
import io.takfed.connector.api.ProbeResult;
import io.takfed.connector.api.TransportStatus;
import io.takfed.connector.transport.probe.TlsProbe;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.transport.tls.IdentityLoader;
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
    private final FederationIdentity identity;
    private final FederationTls tls;
    private final SslContext serverContext;
    private final TlsProbe probe;
    private final V2Server v2;
    private final String v2Listener;

    private TransportRuntime(ConnectorSettings settings, EventLoopGroup workers, FederationIdentity identity,
                             FederationTls tls, SslContext serverContext, V2Server v2, String v2Listener) {
        this.settings = settings;
        this.workers = workers;
        this.identity = identity;
        this.tls = tls;
        this.serverContext = serverContext;
        this.probe = new TlsProbe(workers, tls, identity);
        this.v2 = v2;
        this.v2Listener = v2Listener;
    }

    /** Loads the identity and builds TLS first, so that a bad certificate fails the start before any thread runs. */
    public static TransportRuntime start(ConnectorSettings settings) throws IOException, PemException {
        FederationIdentity identity = new IdentityLoader(settings).load();
        FederationTls tls = new FederationTls(settings.tlsProtocols());
        SslContext serverContext = tls.server(identity);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(settings.eventLoopThreads(),
                new DefaultThreadFactory("takfed-federation", true), NioIoHandler.newFactory());
        LOG.log(Level.INFO, "TAKFED-T001 Federation transport started: {0} event-loop threads, identity {1} "
                + "(SHA-256 {2}), protocols {3}", new Object[] {settings.eventLoopThreads(),
                identity.certificate().getSubjectX500Principal().getName(), identity.fingerprint(),
                tls.protocols()});
        V2Server v2 = null;
        String v2Listener = "disabled";
        if (settings.federationEnabled()) {
            InetSocketAddress address = new InetSocketAddress(settings.bindAddress(), settings.v2Port());
            try {
                // Nothing flows until the domain pushes a routing table: every peer is unknown until then.
                v2 = V2Server.start(address, workers, workers, identity, tls, RoutingTable.empty(""),
                        settings.v2MaxMessageBytes(), settings.v2QueueCapacity(), V2Server.HEALTH_TIMEOUT,
                        V2Server.SWEEP_INTERVAL);
                v2Listener = "listening on " + settings.bindAddress() + ":" + v2.port();
                LOG.log(Level.INFO, "TAKFED-T004 Federation v2 {0}", v2Listener);
            } catch (IOException | RuntimeException e) {
                // The admin API must stay up to say why federation is not: report, do not fail the adapter.
                v2Listener = "failed: " + e.getMessage();
                LOG.log(Level.SEVERE, "TAKFED-T005 Federation v2 cannot listen on {0}: {1}",
                        new Object[] {address, e.toString()});
            }
        }
        return new TransportRuntime(settings, workers, identity, tls, serverContext, v2, v2Listener);
    }

    public void applyRouting(RoutingTable table) {
        if (v2 != null) {
            v2.apply(table);
        }
    }

    public void dial(io.takfed.connector.api.DialRequest request) {
        if (v2 == null) {
            throw new IllegalStateException("federation v2 is " + v2Listener);
        }
        try {
            v2.dial(request);
        } catch (IOException e) {
            throw new IllegalStateException("cannot dial " + request + ": " + e.getMessage(), e);
        }
    }

    public void hangUp(long peerId) {
        if (v2 != null) {
            v2.hangUp(peerId);
        }
    }

    public List<LinkReport> links() {
        return v2 == null ? List.of() : v2.links();
    }

    public TransportStatus status() {
        return new TransportStatus(!workers.isShuttingDown(), identity.source().label(),
                identity.certificate().getSubjectX500Principal().getName(), identity.fingerprint(),
                identity.certificate().getNotAfter().toInstant(), tls.protocols().toArray(String[]::new),
                settings.eventLoopThreads(), v2Listener);
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
        if (v2 != null) {
            v2.close();
        }
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        LOG.info("TAKFED-T002 Federation transport stopped");
    }
}
