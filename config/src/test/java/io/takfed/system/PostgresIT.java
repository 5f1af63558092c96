package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** takfed configured for PostgreSQL (a real server, from Maven Central binaries) instead of the embedded H2. */
class PostgresIT {

    @TempDir
    Path work;

    @Test
    void postgresKeepsEverythingAcrossARestartWithKeysEncrypted() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Map<String, String> env = TakfedDatabase.create(postgres, "takfed");
            try (TakfedProcess takfed = new TakfedProcess("restart-pg", work.resolve("data"), env).start()) {
                RestartContract.peersNodeIdTokenAndIdentitySurviveARestart(takfed);
            }
            try (Connection c = postgres.getDatabase("takfed", "takfed").getConnection();
                 ResultSet keys = c.createStatement().executeQuery(
                         "select client_key_ciphertext from federation_server where client_key_ciphertext is not null");
                 ResultSet migrations = c.createStatement().executeQuery(
                         "select count(*) from flyway_schema_history where success")) {
                assertTrue(keys.next(), "the peers live in PostgreSQL");
                assertTrue(keys.getString(1).startsWith("v1:"));
                assertFalse(keys.getString(1).contains("PRIVATE KEY"));
                assertTrue(migrations.next());
                long shipped;
                // SQL migrations, and the Java ones beside the class that runs them all.
                try (var sql = java.nio.file.Files.list(java.nio.file.Path.of(
                        "../ejb/src/main/resources/db/migration"));
                     var code = java.nio.file.Files.list(java.nio.file.Path.of(
                             "../ejb/src/main/java/io/takfed/persistence"))) {
                    shipped = java.util.stream.Stream.concat(sql, code)
                            .filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.(sql|java)")).count();
                }
                assertEquals(shipped, migrations.getInt(1), "every migration takfed ships is applied");
            }
        }
    }
}
