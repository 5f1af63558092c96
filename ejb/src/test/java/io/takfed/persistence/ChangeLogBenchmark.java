package io.takfed.persistence;

import io.takfed.secrets.MasterKey;
import io.takfed.secrets.SecretCipher;
import io.takfed.connector.api.RolLink;
import io.takfed.connector.api.RolMessage;
import io.takfed.missions.GroupCommit;
import io.takfed.missions.InFlight;
import io.takfed.missions.MissionCatalog;
import io.takfed.missions.MissionDelivery;
import io.takfed.missions.MissionDraft;
import io.takfed.peers.PeerCatalog;
import io.takfed.peers.PeerField;
import io.takfed.peers.PeerPatch;
import io.takfed.secrets.MasterKey;
import io.takfed.secrets.SecretCipher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.h2.jdbcx.JdbcDataSource;

/**
 * M4 (design/benchmarks.md) on the durable write path itself: API-sized writes (one uid added to a mission) offered
 * open-loop at fixed rates through the change log writer ({@link GroupCommit}) and the mission catalog, exactly the
 * code behind the API, on a real database with durable commits (H2 writing each commit through to its file;
 * PostgreSQL with fsync and synchronous commit on), while the delivery of P subscribed peers follows the log as it
 * grows. Each write's latency runs from when it was due to be offered to when its commit returned, so a writer
 * that falls behind shows as latency, not as a lower rate. The baseline, on the same database in the same run, is
 * the same rows written by plain JDBC in 100-row batches, one transaction each: what the database itself allows
 * (the pgbench-style figure the benchmark compares with).
 */
public final class ChangeLogBenchmark {

    private static final byte[] MASTER = new byte[32];
    private static final AtomicInteger UIDS = new AtomicInteger();

    private ChangeLogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds=", 5);
        List<Integer> rates = Arrays.stream(stringArg(args, "--rates=", "1000,2500,5000,7500,10000").split(","))
                .map(Integer::parseInt).toList();
        List<Integer> peerCounts = Arrays.stream(stringArg(args, "--peers=", "1,8,32").split(","))
                .map(Integer::parseInt).toList();
        List<String> databases = List.of(stringArg(args, "--db=", "h2,postgres").split(","));
        List<String> rows = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        EmbeddedPostgres postgres = null;
        try {
            for (String db : databases) {
                if (db.equals("postgres") && postgres == null) {
                    postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                            .setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on")
                            .start();
                }
                for (int peers : peerCounts) {
                    DataSource source = fresh(db, postgres);
                    String durability = durability(source);
                    List<Point> points = run(source, seconds, rates, peers);
                    double baseline = baseline(fresh(db, postgres), 20_000, 100).perSecond();
                    // The floor under any commit latency: one write per transaction, one at a time, plain JDBC.
                    Histogram floor = baseline(fresh(db, postgres), 2_000, 1).commits();
                    int best = 0;
                    for (Point p : points) {
                        rows.add(String.format("| %s (%s) | %d | %d | %.0f | %.1f / %.1f / %.1f | %.1f | %.0f | %.2fx |",
                                db, durability, peers, p.offered, p.achieved, p.p50, p.p99, p.p999, p.perCommit,
                                baseline, p.achieved / baseline));
                        System.err.println(rows.get(rows.size() - 1));
                        if (p.achieved >= 0.95 * p.offered && p.p99 <= 5.0) {
                            best = Math.max(best, p.offered);
                        }
                    }
                    summary.add(String.format("| %s | %d | %d | %.0f | %.2fx | %.1f / %.1f |", db, peers, best,
                            baseline, best / baseline, floor.getValueAtPercentile(50) / 1e6,
                            floor.getValueAtPercentile(99) / 1e6));
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        System.out.println();
        System.out.printf("M4: API-sized writes (one uid, its content row and its log entry) offered open-loop for "
                + "%d s per rate; latency from when each was due to its commit%n", seconds);
        System.out.println("| database (durability) | subscribed peers | offered/s | committed/s "
                + "| commit p50 / p99 / p99.9 (ms) | writes per transaction | baseline rows/s (JDBC, 100-row batches) "
                + "| committed / baseline |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("Highest offered rate kept up with (committed >= 95 % of offered) at commit p99 <= 5 ms:");
        System.out.println("| database | subscribed peers | changes/s | baseline rows/s | ratio "
                + "| one-row JDBC commit p50 / p99 (ms) |");
        System.out.println("|---|---|---|---|---|---|");
        summary.forEach(System.out::println);
    }

    private record Point(int offered, double achieved, double p50, double p99, double p999, double perCommit) {
    }

    private static List<Point> run(DataSource source, int seconds, List<Integer> rates, int peerCount)
            throws Exception {
        SchemaMigration.flyway(source, ChangeLogBenchmark.class.getClassLoader(),
                new SecretCipher(MasterKey.of(new byte[32]))).migrate();
        // The data source here is not a pool: each entity manager holds its connection from first use until it
        // closes, so the writer's keeps one, as a server's pooled connection would be.
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("takfed-test",
                Map.of("jakarta.persistence.nonJtaDataSource", source,
                        "hibernate.connection.handling_mode", "DELAYED_ACQUISITION_AND_HOLD"));
        try {
            Function<Function<EntityManager, Object>, Object> tx = work -> LocalTransactions.apply(emf, work);
            tx.apply(em -> new MissionCatalog(em, "node-bench", Clock.systemUTC()).create(new MissionDraft("bench",
                    null, null, null, null, null, List.of("blue"))));
            List<Long> peers = new ArrayList<>();
            for (int p = 0; p < peerCount; p++) {
                String name = "peer-" + p;
                peers.add((Long) tx.apply(em -> new PeerCatalog(em, new SecretCipher(MasterKey.of(MASTER)))
                        .create(new PeerPatch().set(PeerField.NAME, name).set(PeerField.ADDRESS, "peer.example")
                                .set(PeerField.PORT, 9001).set(PeerField.ENABLED, true)
                                .set(PeerField.INBOUND_GROUPS, List.of("blue"))
                                .set(PeerField.OUTBOUND_GROUPS, List.of("blue"))).id()));
            }
            ConfirmingTransport transport = new ConfirmingTransport(peers);
            Map<Long, InFlight> inFlight = new HashMap<>();
            MissionDelivery.Policy policy = new MissionDelivery.Policy(-1, Duration.ofSeconds(10),
                    Duration.ofSeconds(320), 3);
            AtomicBoolean writing = new AtomicBoolean(true);
            // The peers' delivery follows the log while it is written, as the server's once-a-second step does.
            Thread delivery = new Thread(() -> {
                while (writing.get()) {
                    tx.apply(em -> {
                        new MissionDelivery(em, transport, policy, Clock.systemUTC(), new java.util.Random(1),
                                inFlight).step();
                        return null;
                    });
                    sleep(200);
                }
            });
            EntityManager writerEm = emf.createEntityManager();
            List<Point> points = new ArrayList<>();
            try (GroupCommit log = LocalTransactions.groupCommit(writerEm)) {
                delivery.start();
                // JIT warm-up at the first rate, not reported.
                offer(log, rates.get(0), Math.max(2, seconds));
                for (int rate : rates) {
                    points.add(offer(log, rate, seconds));
                }
            }
            writing.set(false);
            delivery.join();
            writerEm.close();
            return points;
        } finally {
            emf.close();
        }
    }

    /**
     * Offers {@code rate} writes a second for {@code seconds} from one thread, as the writer's queue takes them; each
     * write's latency is taken when its commit completes, on the writer's thread, so no caller thread's wake-up is in
     * the figure.
     */
    private static Point offer(GroupCommit log, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> writes = new ArrayList<>(total);
        long[] before = log.counts();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            String uid = "uid-" + UIDS.incrementAndGet();
            writes.add(log.submit(em -> new MissionCatalog(em, "node-bench", Clock.systemUTC(), log.index())
                    .addContent("bench", List.of(uid), List.of(), null)).whenComplete((change, failure) -> {
                        if (failure != null) {
                            failed.incrementAndGet();
                            failure.printStackTrace();
                            return;
                        }
                        long latency = System.nanoTime() - due;
                        synchronized (latencies) {
                            latencies.recordValue(Math.min(latency, latencies.getHighestTrackableValue()));
                        }
                    }));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + total + " writes failed at " + rate + "/s");
        }
        long[] after = log.counts();
        return new Point(rate, total / elapsed, latencies.getValueAtPercentile(50) / 1e6,
                latencies.getValueAtPercentile(99) / 1e6, latencies.getValueAtPercentile(99.9) / 1e6,
                (double) (after[1] - before[1]) / Math.max(1, after[0] - before[0]));
    }

    /** The baseline's rows a second, and how long each of its commits took. */
    private record Baseline(double perSecond, Histogram commits) {
    }

    private static Baseline baseline(DataSource source, int changes, int perCommit) throws Exception {
        Histogram commits = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        SchemaMigration.flyway(source, ChangeLogBenchmark.class.getClassLoader(),
                new SecretCipher(MasterKey.of(new byte[32]))).migrate();
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            long mission;
            try (PreparedStatement create = c.prepareStatement("insert into mission (name, guid, tool, groups_json, "
                    + "origin_node, created_at) values ('bench', 'g', 'public', '[\"blue\"]', 'n', ?)",
                    new String[] {"id"})) {
                create.setObject(1, java.time.OffsetDateTime.now());
                create.executeUpdate();
                try (ResultSet key = create.getGeneratedKeys()) {
                    key.next();
                    mission = key.getLong(1);
                }
            }
            c.commit();
            long start = System.nanoTime();
            try (PreparedStatement content = c.prepareStatement("insert into mission_content (mission_id, kind, item, "
                    + "added_at) values (?, 'uid', ?, ?)");
                 PreparedStatement change = c.prepareStatement("insert into mission_change (change_type, "
                         + "mission_name, occurred_at, origin_node, change_key, provenance_json, program, groups_json) "
                         + "values ('ADD_CONTENT', 'bench', ?, 'n', ?, '[\"n\"]', ?, '[\"blue\"]')")) {
                for (int i = 0; i < changes; i++) {
                    java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
                    content.setLong(1, mission);
                    content.setString(2, "uid-" + i);
                    content.setObject(3, now);
                    content.addBatch();
                    change.setObject(1, now);
                    change.setString(2, java.util.UUID.randomUUID().toString());
                    change.setString(3, PROGRAM);
                    change.addBatch();
                    if ((i + 1) % perCommit == 0 || i == changes - 1) {
                        long t = System.nanoTime();
                        content.executeBatch();
                        change.executeBatch();
                        c.commit();
                        commits.recordValue(System.nanoTime() - t);
                    }
                }
            }
            return new Baseline(changes / ((System.nanoTime() - start) / 1e9), commits);
        }
    }

    /** A program the size of an ADD_CONTENT with one uid, for the baseline's rows. */
    private static final String PROGRAM = "update mission\n{\"missionName\":\"bench\",\"missionCreatorUid\":null,"
            + "\"missionDescription\":null,\"missionChatRoom\":null,\"missionTool\":\"public\",\"missionGuid\":"
            + "\"00000000-0000-0000-0000-000000000000\",\"changeType\":\"ADD_CONTENT\",\"content\":{\"hashes\":[],"
            + "\"uids\":[\"uid-0000\"]},\"creatorUid\":null,\"date\":" + Instant.now().toEpochMilli() + "}";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static DataSource fresh(String db, EmbeddedPostgres postgres) throws Exception {
        if (db.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            Path dir = Files.createTempDirectory("takfed-m4");
            // The launcher's own settings for the embedded database; DB_CLOSE_DELAY keeps it open between runs.
            h2.setURL("jdbc:h2:file:" + dir.resolve("takfed") + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
            h2.setUser("takfed");
            h2.setPassword("");
            return h2;
        }
        String name = "m4_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        // Batched inserts as multi-row statements, as the README's PostgreSQL URL sets it.
        return postgres.getDatabase("postgres", name, Map.of("reWriteBatchedInserts", "true"));
    }

    private static String durability(DataSource source) throws Exception {
        try (Connection c = source.getConnection()) {
            if (c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
                try (ResultSet fsync = c.createStatement().executeQuery("select current_setting('fsync'), "
                        + "current_setting('synchronous_commit')")) {
                    fsync.next();
                    return "fsync " + fsync.getString(1) + ", synchronous_commit " + fsync.getString(2);
                }
            }
            return "WRITE_DELAY=0, no fsync";
        }
    }

    /** Every peer's session confirms all it was sent by the next step: delivery never waits on the wire. */
    private static final class ConfirmingTransport implements MissionDelivery.Transport {
        private final List<Long> peers;
        private final Map<Long, Long> written = new ConcurrentHashMap<>();

        ConfirmingTransport(List<Long> peers) {
            this.peers = peers;
        }

        @Override
        public List<RolLink> rolLinks() {
            return peers.stream().map(p -> new RolLink("session-" + p, null, p, "outbound",
                    written.getOrDefault(p, 0L), written.getOrDefault(p, 0L), true)).toList();
        }

        @Override
        public long sendRol(String sessionId, List<RolMessage> messages) {
            long peer = Long.parseLong(sessionId.substring("session-".length()));
            return written.merge(peer, (long) messages.size(), Long::sum);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int intArg(String[] args, String prefix, int fallback) {
        return Integer.parseInt(stringArg(args, prefix, String.valueOf(fallback)));
    }

    private static String stringArg(String[] args, String prefix, String fallback) {
        return Arrays.stream(args).filter(a -> a.startsWith(prefix)).findFirst()
                .map(a -> a.substring(prefix.length())).orElse(fallback);
    }
}
