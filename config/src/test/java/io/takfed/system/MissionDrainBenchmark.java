package io.takfed.system;

import io.takfed.connector.v2.TakLikeClient;
import io.takfed.connector.v2.TakLikeServer;
import io.takfed.pki.DevelopmentPki;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * M3 and M4 (design/benchmarks.md) with real processes: takfed Y dials takfed X over v2; Y goes down; N changes are
 * made on X through the API by W concurrent writers (M4: durable changes/s and the API's commit latency, one
 * subscribed peer); Y comes back and the time until it holds them all is M3. The baseline, in the same run, is
 * the same number of ROL programs written on one mutual-TLS gRPC stream to a sink that only counts them.
 */
public final class MissionDrainBenchmark {

    private MissionDrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int changes = intArg(args, "--changes=", 10_000);
        int writers = intArg(args, "--writers=", 8);
        Path work = Files.createTempDirectory("takfed-mission-bench");
        String program;
        double baselinePerSecond;
        try (TakfedProcess y = new TakfedProcess("bench-y", work.resolve("y"), Map.of("OTS_NODE_ID", "node-y"))
                .start()) {
            Path xTrust = Files.writeString(work.resolve("x-trust.pem"),
                    Files.readString(y.dataDirectory().resolve("pki/ca.pem")));
            try (TakfedProcess x = new TakfedProcess("bench-x", work.resolve("x"), Map.of("OTS_NODE_ID", "node-x",
                    "OTS_FEDERATION_CA_FILE", xTrust.toString())).start()) {
                Api apiX = new Api(x.base(), x.adminToken());
                Api apiY = new Api(y.base(), y.adminToken());
                PeerStates.Link link = PeerStates.yDialsX(apiX, apiY, x, y);
                long peer = link.yAtX();
                apiX.post("/api/missions", Json.createObjectBuilder().add("name", "bench")
                        .add("groups", Json.createArrayBuilder().add("blue")).build());
                MissionLog.await(() -> apiY.get("/api/missions/bench").status() == 200, "the mission reaches Y",
                        Duration.ofSeconds(60));
                MissionLog.await(() -> pending(apiX, peer) == 0, "confirmed", Duration.ofSeconds(60));

                y.stop();
                long[] latencies = new long[changes];
                long writeStart = System.nanoTime();
                AtomicInteger next = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(writers);
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    done.add(pool.submit(() -> {
                        Api api = new Api(x.base(), x.adminToken());
                        for (int i = next.getAndIncrement(); i < changes; i = next.getAndIncrement()) {
                            long t = System.nanoTime();
                            Api.Reply r = api.put("/api/missions/bench/contents", Json.createObjectBuilder()
                                    .add("uids", Json.createArrayBuilder().add("bench-uid-" + i)).build());
                            latencies[i] = System.nanoTime() - t;
                            if (r.status() != 200) {
                                throw new IllegalStateException("write " + i + ": " + r.body());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
                double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
                List<JsonObject> log = MissionLog.changes(apiX);
                program = log.get(log.size() - 1).getString("program");

                y.start();
                long drainStart = System.nanoTime();
                // Timed by Y's own count of what it applied from X, which costs Y nothing to report; reading Y's
                // whole log while it drains took a fifth of its time. The log is read once afterwards, untimed,
                // to check that every change is there.
                MissionLog.await(() -> applied(apiY, link.hubAtY()) >= changes, "Y applied every change",
                        Duration.ofMinutes(30));
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                long[] seen = {0, 0};
                if (received(apiY, seen) != changes) {
                    throw new IllegalStateException("Y's log holds " + seen[1] + " of the " + changes + " changes");
                }
                MissionLog.await(() -> pending(apiX, peer) == 0, "X confirmed the drain", Duration.ofMinutes(5));
                double confirmedSeconds = (System.nanoTime() - drainStart) / 1e9;

                baselinePerSecond = baseline(changes, program);
                Arrays.sort(latencies);
                System.out.println();
                System.out.printf("| metric (%d changes, %d writers, 1 peer) | takfed | baseline | ratio |%n", changes,
                        writers);
                System.out.println("|---|---|---|---|");
                System.out.printf("| M4 durable changes/s through the API | %.0f | n/a | n/a |%n",
                        changes / writeSeconds);
                System.out.printf("| M4 commit latency p50 / p99 (ms, one API call) | %.1f / %.1f | n/a | n/a |%n",
                        latencies[changes / 2] / 1e6, latencies[(int) (changes * 0.99)] / 1e6);
                System.out.printf("| M3 drain: all %d at Y after it is up (s) | %.1f | %.1f | %.2fx |%n", changes,
                        drainSeconds, changes / baselinePerSecond, (changes / baselinePerSecond) / drainSeconds);
                System.out.printf("| M3 drain confirmed at X (s) | %.1f | n/a | n/a |%n", confirmedSeconds);
                System.out.printf("| changes/s drained | %.0f | %.0f (bare ROL stream) | %.2fx |%n",
                        changes / drainSeconds, baselinePerSecond, (changes / drainSeconds) / baselinePerSecond);
            }
        }
    }

    /** The same programs on one mutual-TLS ROL stream to a counting sink: what the wire alone allows. */
    private static double baseline(int changes, String program) throws Exception {
        DevelopmentPki.Issued ca = DevelopmentPki.certificateAuthority("bench CA");
        DevelopmentPki.Issued server = DevelopmentPki.federationCertificate(ca, "sink", List.of("localhost"),
                List.of(java.net.InetAddress.getLoopbackAddress()));
        DevelopmentPki.Issued client = DevelopmentPki.federationCertificate(ca, "source", List.of("source"), List.of());
        try (TakLikeServer sink = new TakLikeServer(server, ca.certificate());
             TakLikeClient source = new TakLikeClient(sink.port(), client, ca.certificate(), "source").connect()) {
            long start = System.nanoTime();
            for (int i = 0; i < changes; i++) {
                source.sendRol(program);
            }
            while (sink.rolReceived.get() < changes) {
                Thread.sleep(5);
            }
            return changes / ((System.nanoTime() - start) / 1e9);
        }
    }


    /** How many changes Y applied from the peer since it started. */
    private static long applied(Api api, long peer) throws Exception {
        return api.get("/api/federation/servers/" + peer + "/status").json().getJsonObject("status")
                .getJsonObject("received").getJsonNumber("applied").longValue();
    }

    private static long pending(Api api, long peer) throws Exception {
        JsonObject stats = api.get("/api/federation/servers/" + peer + "/status").json().getJsonObject("status")
                .getJsonObject("stats");
        return stats.getJsonNumber("pending_changes").longValue();
    }

    /** Counts Y's ADD_CONTENT entries incrementally: {@code seen} holds the last seq read and the count. */
    private static long received(Api api, long[] seen) throws Exception {
        while (true) {
            var page = api.get("/api/missions/changes?limit=1000&after=" + seen[0]).json().getJsonArray("changes")
                    .getValuesAs(JsonObject.class);
            if (page.isEmpty()) {
                return seen[1];
            }
            seen[1] += page.stream().filter(c -> c.getString("change_type").equals("ADD_CONTENT")).count();
            seen[0] = page.get(page.size() - 1).getJsonNumber("seq").longValue();
        }
    }

    private static int intArg(String[] args, String prefix, int fallback) {
        return Arrays.stream(args).filter(a -> a.startsWith(prefix)).findFirst()
                .map(a -> Integer.parseInt(a.substring(prefix.length()))).orElse(fallback);
    }
}
