package io.takfed.system;

import io.takfed.connector.v2.TakLikeClient;
import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import io.takfed.connector.v2.TakEvents;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.GeoEvent;
import jakarta.json.Json;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live CoT through a takfed while something else happens to it (M3's "live CoT p99 during the drain"): federate A
 * sends a PLI at a fixed rate, open loop, and federate B, both v2 peers of the same takfed, times each one's
 * arrival against its send time. Both are approved with the group blue and without missions, so they add no mission
 * delivery of their own. Latencies go to the current {@link Window}.
 */
final class LiveCot implements AutoCloseable {

    private final TakLikeClient source;
    private final TakLikeClient sink;
    /** Two threads: a blocking health check must not delay the events sent at their times. */
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "live-cot");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Window> window = new AtomicReference<>(new Window());

    /** Arrival latencies recorded between {@link #measure()} and the next. */
    static final class Window {
        private long[] micros = new long[1024];
        private int count;
        private final long sentFrom = System.nanoTime();

        synchronized void record(long latencyMicros) {
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, count * 2);
            }
            micros[count++] = latencyMicros;
        }

        /** The latency at this quantile, in milliseconds. */
        synchronized double quantileMillis(double q) {
            if (count == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(micros, count);
            Arrays.sort(sorted);
            return sorted[Math.min(count - 1, (int) (count * q))] / 1e3;
        }

        synchronized int count() {
            return count;
        }
    }

    /** The takfed must trust {@link Peers#PEER_CA} for federates (OTS_FEDERATION_CA_FILE). */
    LiveCot(TakfedProcess takfed, Api api, int perSecond) throws Exception {
        X509Certificate takfedCa = Pem.certificates(Files.readString(takfed.dataDirectory().resolve("pki/ca.pem")))
                .get(0);
        DevelopmentPki.Issued a = DevelopmentPki.federationCertificate(Peers.PEER_CA, "cot-a", List.of("cot-a"),
                List.of());
        DevelopmentPki.Issued b = DevelopmentPki.federationCertificate(Peers.PEER_CA, "cot-b", List.of("cot-b"),
                List.of());
        source = new TakLikeClient(takfed.v2Port(), a, takfedCa, "cot-a").connect();
        sink = new TakLikeClient(takfed.v2Port(), b, takfedCa, "cot-b").onEvent(this::arrived).connect();
        for (DevelopmentPki.Issued who : List.of(a, b)) {
            long id = PeerStates.await(api, PeerStates.certificate(who).and(PeerStates.status("pending_approval")));
            PeerStates.approve(api, id, Json.createObjectBuilder().add("sync_missions", false));
            PeerStates.await(api, PeerStates.certificate(who).and(PeerStates.status("connected")));
        }
        long period = 1_000_000 / perSecond;
        clock.scheduleAtFixedRate(this::send, 0, period, TimeUnit.MICROSECONDS);
    }

    /** Starts a new window; the one that ends is returned. */
    Window measure() {
        return window.getAndSet(new Window());
    }

    private void send() {
        long now = System.nanoTime();
        source.send(FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder()
                .setUid("live-cot-a").setType("a-f-G-U-C").setCoordSource("m-g").setSendTime(now)
                .setStartTime(1_700_000_000_000L).setStaleTime(1_700_000_060_000L).setLat(42.35).setLon(-71.06)
                .setHae(12).setCe(9.9).setLe(9999999).setOther("<detail><contact callsign=\"COT-A\"/></detail>")))
                .build());
    }

    private void arrived(FederatedEvent event) {
        Window current = window.get();
        long sent = event.getEvent().getSendTime();
        if (sent - current.sentFrom >= 0) {
            // Events sent before the window opened belong to the one before: they would blur the boundary.
            current.record((System.nanoTime() - sent) / 1_000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        clock.shutdownNow();
        source.close();
        sink.close();
    }
}
