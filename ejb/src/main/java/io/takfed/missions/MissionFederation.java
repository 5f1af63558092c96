package io.takfed.missions;

import io.takfed.configuration.TakfedSettings;
import io.takfed.connector.api.RolLink;
import io.takfed.transport.TransportGateway;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Mission delivery over v2, a step every {@link #PAUSE} (each in a transaction of its own): delivers the change log to
 * every approved peer with missions on, from its cursor, in order, and moves each cursor as the transport confirms
 * delivery (see {@code RolChannel}). On a new session everything after the cursor is sent again, limited to changes
 * younger than the recency window; receivers apply each change once. What peers send is applied by
 * {@link MissionReceiver}.
 * <p>
 * The timer fires each second and the callback steps until the second is nearly over: a new change, a new session or
 * a confirmation waits a fifth of a second for the next step, not up to a second. One callback steps at a time, and
 * a step and a redrive never run together (both change what is in flight).
 */
@Singleton
@Startup
@DependsOn("StartupComplete")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MissionFederation {

    /** The pause between two steps. */
    static final Duration PAUSE = Duration.ofMillis(200);
    /** How long one timer callback goes on stepping, short of the next callback a second later. */
    private static final Duration STEPPING = Duration.ofMillis(800);
    private static final Logger LOG = Logger.getLogger(MissionFederation.class.getName());

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @EJB
    private TransportGateway transport;

    @EJB
    private DeliverySessions sessions;

    @Inject
    private TakfedSettings settings;

    @EJB
    private NewTransaction transactions;

    /** Guarded by itself: a step and a redrive both change it. */
    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private final java.util.random.RandomGenerator random = new java.security.SecureRandom();
    private final AtomicBoolean stepping = new AtomicBoolean();

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void step() {
        if (!settings.allowMissionFederation()) {
            // Off (TAK's allowMissionFederation): the log keeps every change, and none is sent while it stays off.
            return;
        }
        if (!stepping.compareAndSet(false, true)) {
            // The callback before is still stepping (a long drain step): it goes on, this one is not needed.
            return;
        }
        try {
            long until = System.nanoTime() + STEPPING.toNanos();
            do {
                transactions.run(this::deliver);
            } while (System.nanoTime() < until && pause());
        } catch (RuntimeException e) {
            // The failed step's transaction rolled back; the cursors are as the last step that committed left them.
            LOG.log(Level.WARNING, "TAKFED-M001 Mission federation step failed; retrying in 1 s", e);
        } finally {
            stepping.set(false);
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(PAUSE.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void deliver() {
        MissionDelivery delivery = new MissionDelivery(em, new MissionDelivery.Transport() {
            @Override
            public List<RolLink> rolLinks() {
                return transport.rolLinks();
            }

            @Override
            public long sendRol(String sessionId, List<io.takfed.connector.api.RolMessage> messages) {
                return transport.sendRol(sessionId, messages);
            }
        }, new MissionDelivery.Policy(settings.missionRecencySeconds(), settings.retryInterval(),
                settings.retryInterval().multipliedBy(32), Math.max(1, settings.maxRetries()),
                settings.federateOnlyPublicMissions()),
                Clock.systemUTC(), random, inFlight);
        synchronized (inFlight) {
            delivery.step();
            sessions.publish(inFlight);
        }
    }

    /** Puts the peer's dead letters back into its delivery; how many there were. */
    public int redrive(long peerId) {
        synchronized (inFlight) {
            return MissionDelivery.redrive(em, peerId, inFlight);
        }
    }
}
