package io.takfed.system;

import io.takfed.connector.v2.TakLikeClient;
import io.takfed.connector.v2.TakLikeServer;
import io.takfed.pki.DevelopmentPki;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
 * M3 and M4 (design/benchmarks.md) with real processes: takfed Y dials takfed X over v2, and federates A and B at X
 * exchange live CoT throughout. After a warm-up of live mission changes (the JIT's, rule 2), Y goes offline; N
 * changes are made on X through the API by W concurrent writers (M4: durable changes/s and the API's commit
 * latency, one subscribed peer); Y comes back and the time until it holds them all is M3, with A-to-B CoT latency
 * during the drain beside the same with nothing happening. The outage is either the link's ({@code --outage=link}:
 * Y disables its peer for X and enables it again, so both stay warm) or Y's process's ({@code --outage=restart}: Y
 * comes back with a cold JIT). The baseline, in the same run, is the same number of ROL programs written on one
 * mutual-TLS gRPC stream to a sink that only counts them. The outage is repeated (rule 2: three runs, median and
 * range), each after ten idle seconds that give the CoT latency to compare with.
 */
public final class MissionDrainBenchmark {

    private static final String SERVERS = "/api/federation/servers";
    private static final int COT_PER_SECOND = 50;
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);

    private MissionDrainBenchmark() {
    }

    /**
     * The command line: {@code --changes=N --writers=W --warmup=S --warmup-drains=D --repeats=R
     * --outage=link|restart --db=h2|postgres}.
     */
    private record Options(int changes, int writers, int warmupSeconds, int warmupDrains, int repeats, String outage,
                           String db, boolean trace) {

        static Options of(String[] args) {
            return new Options(intArg(args, "--changes=", 10_000), intArg(args, "--writers=", 8),
                    intArg(args, "--warmup=", 60), intArg(args, "--warmup-drains=", 1), intArg(args, "--repeats=", 3),
                    choice(args, "--outage=", "link", "restart"), choice(args, "--db=", "h2", "postgres"),
                    Arrays.asList(args).contains("--trace"));
        }

        /** The option's value, one of the given (the first by default). */
        private static String choice(String[] args, String prefix, String... values) {
            String value = Arrays.stream(args).filter(a -> a.startsWith(prefix)).findFirst()
                    .map(a -> a.substring(prefix.length())).orElse(values[0]);
            if (!Arrays.asList(values).contains(value)) {
                throw new IllegalArgumentException(prefix + " is one of " + Arrays.toString(values) + ", not " + value);
            }
            return value;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.of(args);
        Path work = Files.createTempDirectory("takfed-mission-bench");
        if (options.db().equals("h2")) {
            run(work, Map.of(), Map.of(), options);
            return;
        }
        // One server, a database each, as two operators' takfed would have.
        try (EmbeddedPostgres postgres = TakfedDatabase.durableServer()) {
            run(work, TakfedDatabase.create(postgres, "bench_x"), TakfedDatabase.create(postgres, "bench_y"), options);
        }
    }

    /** Starts Y and X, each with its database environment, and benchmarks them. */
    private static void run(Path work, Map<String, String> dbX, Map<String, String> dbY, Options options)
            throws Exception {
        // X trusts the federates' CA too: A and B exchange live CoT at X.
        try (FederatedPair pair = FederatedPair.start(work, "bench-x", dbX, "bench-y", dbY, true)) {
            run(pair, options);
        }
    }

    /** One outage: what the writers saw, how long the drain took, and live CoT before and during it. */
    private record Cycle(double writesPerSecond, double commitP50, double commitP99, double drainSeconds,
                         double confirmedSeconds, double baselinePerSecond, double idleCotP99, double cotP50,
                         double cotP99, double cpuX, double cpuY) {
    }

    private static void run(FederatedPair pair, Options o) throws Exception {
        TakfedProcess x = pair.x();
        TakfedProcess y = pair.y();
        Api apiX = pair.apiX();
        Api apiY = pair.apiY();
        PeerStates.Link link = PeerStates.yDialsX(apiX, apiY, x, y);
        apiX.post("/api/missions", Json.createObjectBuilder().add("name", "bench")
                .add("groups", Json.createArrayBuilder().add("blue")).build());
        MissionLog.await(() -> apiY.get("/api/missions/bench").status() == 200, "the mission reaches Y",
                Duration.ofSeconds(60));
        MissionLog.await(() -> MissionLog.pending(apiX, link.yAtX()) == 0, "confirmed", Duration.ofSeconds(60));
        try (LiveCot cot = new LiveCot(x, apiX, COT_PER_SECOND)) {
            // Rule 2's JIT warm-up, on the live path, then on the drain path: the live path does not run the bulk
            // code a drain does, and without a drain first each measured drain ran faster than the one before.
            int made = write(x, "warm-uid-", Integer.MAX_VALUE, o.writers(), Duration.ofSeconds(o.warmupSeconds()),
                    null);
            System.out.printf("warm-up: %d live changes in %d s%n", made, o.warmupSeconds());
            List<Cycle> cycles = new ArrayList<>();
            for (int i = 1; i <= o.warmupDrains() + o.repeats(); i++) {
                boolean counted = i > o.warmupDrains();
                int r = i - o.warmupDrains();
                MissionLog.await(() -> MissionLog.pending(apiX, link.yAtX()) == 0, "confirmed", Duration.ofMinutes(5));
                Cycle c = cycle(x, y, apiX, apiY, link, cot, o, (counted ? "r" + r : "w" + i) + "-", made);
                made += o.changes();
                if (!counted) {
                    System.out.printf("warm-up drain %d (not counted): drain %.1f s (CPU s: X %.1f, Y %.1f)%n", i,
                            c.drainSeconds(), c.cpuX(), c.cpuY());
                    continue;
                }
                cycles.add(c);
                System.out.printf("run %d: drain %.1f s (CPU s: X %.1f, Y %.1f), confirmed %.1f s, %.0f changes/s "
                        + "written, commit p99 %.1f ms, live CoT p99 %.1f ms (idle %.1f)%n", r, c.drainSeconds(),
                        c.cpuX(), c.cpuY(), c.confirmedSeconds(), c.writesPerSecond(), c.commitP99(), c.cotP99(),
                        c.idleCotP99());
            }
            print(o, cycles);
        }
    }

    /** Y goes offline, N changes are made on X, Y comes back and drains them; {@code before} changes precede. */
    private static Cycle cycle(TakfedProcess x, TakfedProcess y, Api apiX, Api apiY, PeerStates.Link link,
                               LiveCot cot, Options o, String prefix, int before) throws Exception {
        long peer = link.yAtX();
        cot.measure();
        Thread.sleep(IDLE_WINDOW.toMillis());
        LiveCot.Window idle = cot.measure();
        long appliedBefore = 0;
        if (o.outage().equals("link")) {
            appliedBefore = applied(apiY, link.hubAtY());
            setEnabled(apiY, link.hubAtY(), false);
            PeerStates.await(apiX, p -> p.getJsonNumber("id").longValue() == peer
                    && !p.getString("status").equals("connected"));
        } else {
            y.stop();
        }
        long[] latencies = new long[o.changes()];
        long writeStart = System.nanoTime();
        write(x, prefix, o.changes(), o.writers(), null, latencies);
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        List<JsonObject> log = MissionLog.changes(apiX);
        String program = log.get(log.size() - 1).getString("program");

        if (o.outage().equals("link")) {
            cot.measure();
            setEnabled(apiY, link.hubAtY(), true);
        } else {
            y.start();
            cot.measure();
        }
        long drainStart = System.nanoTime();
        Duration cpuXStart = x.cpuTime();
        Duration cpuYStart = y.cpuTime();
        // Timed by Y's own count of what it applied from X, which costs Y nothing to report; reading Y's whole log
        // while it drains took a fifth of its time. The log is read once afterwards, untimed, to check that every
        // change is there.
        long target = appliedBefore + o.changes();
        StringBuilder trace = new StringBuilder();
        long start = appliedBefore;
        MissionLog.await(() -> {
            long applied = applied(apiY, link.hubAtY());
            if (o.trace()) {
                trace.append(String.format(" %.2f:%d", (System.nanoTime() - drainStart) / 1e9, applied - start));
            }
            return applied >= target;
        }, "Y applied every change", Duration.ofMinutes(30));
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        if (o.trace()) {
            // When Y's applied count moved (seconds since Y's peer was enabled again: changes applied).
            System.out.println("drain trace:" + trace);
        }
        // What the drain cost each side: steadier than its wall time on a shared machine.
        double cpuX = (x.cpuTime().minus(cpuXStart)).toMillis() / 1e3;
        double cpuY = (y.cpuTime().minus(cpuYStart)).toMillis() / 1e3;
        LiveCot.Window draining = cot.measure();
        MissionLog.await(() -> MissionLog.pending(apiX, peer) == 0, "X confirmed the drain", Duration.ofMinutes(5));
        double confirmedSeconds = (System.nanoTime() - drainStart) / 1e9;
        // Untimed, after the confirmation: read before it, Y's whole log made "confirmed" seconds later than it was.
        long[] seen = {0, 0};
        if (received(apiY, seen) != before + o.changes()) {
            throw new IllegalStateException("Y's log holds " + seen[1] + " of the " + (before + o.changes())
                    + " changes");
        }
        double baselinePerSecond = baseline(o.changes(), program);
        Arrays.sort(latencies);
        return new Cycle(o.changes() / writeSeconds, latencies[o.changes() / 2] / 1e6,
                latencies[(int) (o.changes() * 0.99)] / 1e6, drainSeconds, confirmedSeconds, baselinePerSecond,
                idle.quantileMillis(0.99), draining.quantileMillis(0.5), draining.quantileMillis(0.99), cpuX, cpuY);
    }

    /** The table: each metric's median over the runs, and its range. */
    private static void print(Options o, List<Cycle> cycles) {
        int n = o.changes();
        System.out.println();
        System.out.printf("| metric (%d changes, %d writers, 1 peer, outage: %s, %s; median of %d runs [min-max]) "
                + "| takfed | baseline | ratio |%n", n, o.writers(), o.outage(), o.db(), cycles.size());
        System.out.println("|---|---|---|---|");
        System.out.printf("| M4 durable changes/s through the API | %s | n/a | n/a |%n",
                stat(cycles, Cycle::writesPerSecond, "%.0f"));
        System.out.printf("| M4 commit latency p50 / p99 (ms, one API call) | %s / %s | n/a | n/a |%n",
                stat(cycles, Cycle::commitP50, "%.1f"), stat(cycles, Cycle::commitP99, "%.1f"));
        System.out.printf("| M3 drain: all %d at Y after it is back (s) | %s | %s | %s |%n", n,
                stat(cycles, Cycle::drainSeconds, "%.1f"), stat(cycles, c -> n / c.baselinePerSecond(), "%.1f"),
                stat(cycles, c -> n / c.baselinePerSecond() / c.drainSeconds(), "%.2fx"));
        System.out.printf("| M3 drain confirmed at X (s) | %s | n/a | n/a |%n",
                stat(cycles, Cycle::confirmedSeconds, "%.1f"));
        System.out.printf("| M3 CPU seconds during the drain, X (sender) / Y (receiver) | %s / %s | n/a | n/a |%n",
                stat(cycles, Cycle::cpuX, "%.1f"), stat(cycles, Cycle::cpuY, "%.1f"));
        System.out.printf("| changes/s drained | %s | %s (bare ROL stream) | %s |%n",
                stat(cycles, c -> n / c.drainSeconds(), "%.0f"), stat(cycles, Cycle::baselinePerSecond, "%.0f"),
                stat(cycles, c -> n / c.drainSeconds() / c.baselinePerSecond(), "%.2fx"));
        System.out.printf("| M3 live CoT A to B at X during the drain, p50 / p99 (ms, %d/s) | %s / %s | %s (p99 idle) "
                + "| %s |%n", COT_PER_SECOND, stat(cycles, Cycle::cotP50, "%.1f"), stat(cycles, Cycle::cotP99, "%.1f"),
                stat(cycles, Cycle::idleCotP99, "%.1f"), stat(cycles, c -> c.cotP99() / c.idleCotP99(), "%.2fx"));
    }

    private static String stat(List<Cycle> cycles, java.util.function.ToDoubleFunction<Cycle> metric, String format) {
        double[] values = cycles.stream().mapToDouble(metric).sorted().toArray();
        int middle = values.length / 2;
        // Of an even number of runs, the mean of the middle two: the upper one alone reported the worse run of two.
        double value = values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        String median = String.format(format, value);
        return values.length == 1 ? median : median + " [" + String.format(format, values[0]) + "-"
                + String.format(format, values[values.length - 1]) + "]";
    }

    /**
     * Adds one uid per change to the mission {@code bench} through X's API with {@code writers} concurrent writers,
     * until {@code count} changes or {@code duration} (when given); each call's latency goes to {@code latencies}
     * (when given). How many changes were made.
     */
    private static int write(TakfedProcess x, String prefix, int count, int writers, Duration duration,
                             long[] latencies) throws Exception {
        long until = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    Api api = new Api(x.base(), x.adminToken());
                    for (int i = next.getAndIncrement(); i < count && System.nanoTime() < until;
                         i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        Api.Reply r = api.put("/api/missions/bench/contents", Json.createObjectBuilder()
                                .add("uids", Json.createArrayBuilder().add(prefix + i)).build());
                        if (latencies != null) {
                            latencies[i] = System.nanoTime() - t;
                        }
                        if (r.status() != 200) {
                            throw new IllegalStateException("write " + i + ": " + r.body());
                        }
                        made.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return made.get();
    }

    private static void setEnabled(Api api, long id, boolean enabled) throws Exception {
        Api.Reply r = api.put(SERVERS + "/" + id, Json.createObjectBuilder().add("enabled", enabled).build());
        if (r.status() != 200) {
            throw new IllegalStateException("enabled=" + enabled + ": " + r.body());
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
        return api.get(SERVERS + "/" + peer + "/status").json().getJsonObject("status")
                .getJsonObject("received").getJsonNumber("applied").longValue();
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
