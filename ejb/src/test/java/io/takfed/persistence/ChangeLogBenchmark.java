package io.takfed.persistence;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * M4 (design/benchmarks.md) on the durable write path itself: W concurrent writers add content to a mission through
 * the change log writer ({@link GroupCommit}) and the mission catalog, exactly the code behind the API, on a real
 * database with durable commits (H2 writing each commit through to its file; PostgreSQL with fsync and synchronous
 * commit on), while the delivery of P subscribed peers follows the log as it grows. The baseline, on the same
 * database in the same run, is the same rows written by plain JDBC in 100-row batches, one transaction each: what
 * the database itself allows (the pgbench-style figure the benchmark compares with).
 */
public final class ChangeLogBenchmark {

    private static final byte[] MASTER = new byte[32];

    private ChangeLogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int changes = intArg(args, "--changes=", 10_000);
        int writers = intArg(args, "--writers=", 32);
        List<Integer> peerCounts = Arrays.stream(stringArg(args, "--peers=", "1,8,32").split(","))
                .map(Integer::parseInt).toList();
        List<String> databases = List.of(stringArg(args, "--db=", "h2,postgres").split(","));
        List<String> rows = new ArrayList<>();
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
                    Result takfed = run(source, changes, writers, peers);
                    double baseline = baseline(fresh(db, postgres), changes);
                    rows.add(String.format("| %s (%s) | %d | %d | %.0f | %.1f / %.1f | %d | %.0f | %.2fx |", db,
                            durability(source), peers, writers, takfed.perSecond, takfed.p50, takfed.p99,
                            takfed.commits, baseline, takfed.perSecond / baseline));
                    System.err.println(rows.get(rows.size() - 1));
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        System.out.println();
        System.out.printf("M4: %d changes per run, each one API-sized write (one uid, its content row and its log "
                + "entry)%n", changes);
        System.out.println("| database (durability) | subscribed peers | writers | takfed changes/s "
                + "| commit p50 / p99 (ms) | transactions | baseline rows/s (JDBC, 100-row batches) | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private record Result(double perSecond, double p50, double p99, long commits) {
    }

    private static Result run(DataSource source, int changes, int writers, int peerCount) throws Exception {
        SchemaMigration.flyway(source, ChangeLogBenchmark.class.getClassLoader()).migrate();
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
            long[] latencies = new long[changes];
            long start;
            long[] counts;
            try (GroupCommit log = LocalTransactions.groupCommit(writerEm)) {
                delivery.start();
                AtomicInteger next = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(writers);
                List<Future<?>> done = new ArrayList<>();
                start = System.nanoTime();
                for (int w = 0; w < writers; w++) {
                    done.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < changes; i = next.getAndIncrement()) {
                            String uid = "uid-" + i;
                            long t = System.nanoTime();
                            log.write(em -> new MissionCatalog(em, "node-bench", Clock.systemUTC(), log.index())
                                    .addContent("bench", List.of(uid), List.of(), null));
                            latencies[i] = System.nanoTime() - t;
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
                counts = log.counts();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            writing.set(false);
            delivery.join();
            writerEm.close();
            Arrays.sort(latencies);
            return new Result(changes / seconds, latencies[changes / 2] / 1e6, latencies[(int) (changes * 0.99)] / 1e6,
                    counts[0]);
        } finally {
            emf.close();
        }
    }

    /** The same rows (a content row and a log entry per change) by plain JDBC, 100 per transaction. */
    private static double baseline(DataSource source, int changes) throws Exception {
        SchemaMigration.flyway(source, ChangeLogBenchmark.class.getClassLoader()).migrate();
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
                    if ((i + 1) % 100 == 0 || i == changes - 1) {
                        content.executeBatch();
                        change.executeBatch();
                        c.commit();
                    }
                }
            }
            return changes / ((System.nanoTime() - start) / 1e9);
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
                    written.getOrDefault(p, 0L), written.getOrDefault(p, 0L))).toList();
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
