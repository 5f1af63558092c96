package io.takfed.missions;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each peer's live ROL session carries, as the last delivery step left it, for {@code /status}: kept apart
 * from {@link MissionFederation} so that a status call never waits on a delivery step's lock.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DeliverySessions {

    /**
     * @param confirmedBy {@code receiver} when the peer reports what it stored (takfed) and that is what confirms,
     *                    {@code health} when health checks alone do (TAK)
     * @param inFlight    changes sent on the session and not yet confirmed
     */
    public record Live(String confirmedBy, int inFlight) {
    }

    private final Map<Long, Live> live = new ConcurrentHashMap<>();

    /** The sessions as they stand after a step; peers without one are forgotten. */
    public void publish(Map<Long, InFlight> flights) {
        live.keySet().retainAll(flights.keySet());
        flights.forEach((peer, flight) -> live.put(peer, new Live(flight.peerAcknowledges() ? "receiver" : "health",
                flight.waiting())));
    }

    public Optional<Live> of(long peerId) {
        return Optional.ofNullable(live.get(peerId));
    }
}
