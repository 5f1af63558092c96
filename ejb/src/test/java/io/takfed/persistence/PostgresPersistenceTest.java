package io.takfed.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A real PostgreSQL, started from Maven Central binaries; each test gets a database of its own. */
class PostgresPersistenceTest extends PersistenceContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private final String database = "takfed_" + DATABASES.incrementAndGet();
    private boolean created;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Override
    protected DataSource dataSource() {
        if (!created) {
            try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            created = true;
        }
        return postgres.getDatabase("postgres", database);
    }

    @Override
    protected void restart() {
        // Every connection of the previous factory was closed with it; a new factory starts cold.
    }
}
