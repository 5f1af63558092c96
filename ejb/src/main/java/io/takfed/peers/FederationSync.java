package io.takfed.peers;

import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.node.NodeIdentity;
import io.takfed.transport.TransportGateway;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At start and every two seconds: records what the transport's links say (pending peers, status, last connection) and
 * pushes the routing policy derived from the peers table when it changed. A non-persistent timer: it holds no
 * state that matters after a restart; the table is the truth.
 */
@Singleton
@Startup
@DependsOn("StartupComplete")
public class FederationSync {

    private static final Logger LOG = Logger.getLogger(FederationSync.class.getName());

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @EJB
    private TransportGateway transport;

    @EJB
    private NodeIdentity node;

    @EJB
    private SecretStore secrets;

    @jakarta.inject.Inject
    private io.takfed.configuration.TakfedSettings settings;

    @jakarta.annotation.Resource
    private jakarta.ejb.TimerService timers;

    private RoutingTable pushed;

    /** A first round right after start, not up to two seconds later: peers dialled at once after a restart. */
    @jakarta.annotation.PostConstruct
    void start() {
        soon();
    }

    /**
     * A round right away, besides the regular ones: after an administrator changed a peer, so that enabling one dials
     * it at once and disabling one hangs up at once. Called in the change's transaction, the round comes after it
     * committed (a timer made in a transaction exists only once it commits), so it sees the change.
     */
    public void soon() {
        timers.createSingleActionTimer(1, new jakarta.ejb.TimerConfig(null, false));
    }

    @jakarta.ejb.Timeout
    void first() {
        synchronise();
    }

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
    void synchronise() {
        try {
            PeerLinks links = new PeerLinks(em, settings.strategy());
            var live = transport.links();
            links.reconcile(live);
            links.advertised(transport.advertisedGroups());
            new OutboundPeers(em, new PeerCatalog(em, secrets.cipher()), new OutboundPeers.Dialer() {
                @Override
                public void dial(io.takfed.connector.api.DialRequest request) {
                    transport.dial(request);
                }

                @Override
                public void hangUp(long peerId) {
                    transport.hangUp(peerId);
                }
            }, java.time.Clock.systemUTC(), settings.retryInterval(), node.nodeId(), settings.strategy()).reconcile(live);
            em.flush();
            RoutingTable table = links.routingTable(node.nodeId());
            if (!table.equals(pushed)) {
                transport.applyRouting(table);
                pushed = table;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TAKFED-S001 Federation sync failed; retrying in 2 s", e);
        }
    }
}
