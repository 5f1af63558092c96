package io.takfed.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A database of its own for one takfed process on a real PostgreSQL server, and the environment that points
 * takfed at it, as an operator would configure it (README, Configuration).
 */
final class TakfedDatabase {

    private TakfedDatabase() {
    }

    /** A PostgreSQL server with durable commits (benchmarks rule 4: fsync and synchronous commit on). */
    static EmbeddedPostgres durableServer() throws java.io.IOException {
        return EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").start();
    }

    /**
     * Creates the role and the database {@code name} (owned by it, password {@code name + "-pw"}) and returns
     * takfed's environment for them, with the batched-insert option the README recommends.
     */
    static Map<String, String> create(EmbeddedPostgres postgres, String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement sql = c.createStatement()) {
            sql.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + name + "-pw'");
            sql.execute("CREATE DATABASE " + name + " OWNER " + name);
        }
        return Map.of("TAKFED_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name
                        + "?reWriteBatchedInserts=true",
                "TAKFED_DB_USER", name, "TAKFED_DB_PASSWORD", name + "-pw");
    }
}
