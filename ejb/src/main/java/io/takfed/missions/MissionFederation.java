package io.takfed.missions;

import io.takfed.configuration.TakfedSettings;
import io.takfed.connector.api.RolLink;
import io.takfed.transport.TransportGateway;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Mission delivery over v2, once a second, in the step's own transaction: delivers the change log to every approved
 * peer with missions on, from its cursor, in order, and moves each cursor as the transport confirms delivery (see
 * {@code RolChannel}). On a new session everything after the cursor is sent again, limited to changes younger than
 * the recency window; receivers apply each change once. What peers send is applied by {@link MissionReceiver}.
 */
@Singleton
@Startup
@DependsOn("StartupComplete")
public class MissionFederation {

    private static final Logger LOG = Logger.getLogger(MissionFederation.class.getName());

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @EJB
    private TransportGateway transport;

    @EJB
    private DeliverySessions sessions;

    @Inject
    private TakfedSettings settings;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private final java.util.random.RandomGenerator random = new java.security.SecureRandom();

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void step() {
        try {
            deliver();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TAKFED-M001 Mission federation step failed; retrying in 1 s", e);
            transactions.setRollbackOnly();
        }
    }

    private void deliver() {
        if (!settings.allowMissionFederation()) {
            // TAK's allowMissionFederation off: the log keeps every change, and none is sent while it stays off.
            return;
        }
        new MissionDelivery(em, new MissionDelivery.Transport() {
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
                Clock.systemUTC(), random, inFlight).step();
        sessions.publish(inFlight);
    }

    /** Puts the peer's dead letters back into its delivery; how many there were. */
    public int redrive(long peerId) {
        return MissionDelivery.redrive(em, peerId, inFlight);
    }
}
