package io.takfed.persistence;

import io.takfed.peers.SecretStore;
import io.takfed.secrets.SecretCipher;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Declares the application's data source (from server-level settings: the launcher publishes the embedded H2
 * defaults; on an application server the administrator sets them) and applies the versioned migrations before any other bean touches the database. Bean-managed transactions,
 * because Flyway commits on its own connection and must not run inside a container transaction.
 */
@DataSourceDefinition(name = SchemaMigration.DATASOURCE,
        className = "${MPCONFIG=TAKFED_DB_DRIVER}",
        url = "${MPCONFIG=TAKFED_DB_URL}",
        user = "${MPCONFIG=TAKFED_DB_USER}",
        password = "${MPCONFIG=TAKFED_DB_PASSWORD}",
        transactional = true, initialPoolSize = 2, minPoolSize = 2, maxPoolSize = 32)
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    public static final String DATASOURCE = "java:app/jdbc/takfed";
    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = DATASOURCE)
    private DataSource dataSource;

    private volatile String version = "none";

    @EJB
    private SecretStore secrets;

    @PostConstruct
    void migrate() {
        Flyway flyway = flyway(dataSource, SchemaMigration.class.getClassLoader(), secrets.cipher());
        var result = flyway.migrate();
        MigrationInfo current = flyway.info().current();
        // After migrate, the current version is the newest this build ships; readiness compares against it.
        version = current == null ? "none" : current.getVersion().getVersion();
        LOG.log(Level.INFO, "TAKFED-D001 Database schema at version {0} ({1} migrations applied now, {2})",
                new Object[] {version, result.migrationsExecuted, result.database});
    }

    /** The one Flyway configuration, shared with the persistence tests; {@code cipher} seals secrets at rest. */
    public static Flyway flyway(DataSource dataSource, ClassLoader loader, SecretCipher cipher) {
        return Flyway.configure(loader).dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(new V10__Change_log_sequences(), new V11__Change_key_prefix(),
                        new V13__Change_log_key_blocks(), new V15__Change_key_prefix_in_time_order(),
                        new V18__Client_key_bound_to_its_peer(cipher))
                .failOnMissingLocations(true).load();
    }

    /**
     * True when the database's latest successful migration is the newest this build ships. One small query, so a
     * readiness probe is cheap; READ-locked, so probes never queue behind one another.
     */
    @Lock(LockType.READ)
    public boolean upToDate() {
        return version.equals(latestVersion(dataSource));
    }

    /** The version of the latest successful migration recorded in the database, or null when there is none. */
    public static String latestVersion(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement latest = connection.prepareStatement("select \"version\" from \"flyway_schema_history\" "
                     + "where \"installed_rank\" = (select max(\"installed_rank\") from \"flyway_schema_history\" "
                     + "where \"success\" = true)");
             ResultSet row = latest.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("the migration history cannot be read: " + e.getMessage(), e);
        }
    }

    @Lock(LockType.READ)
    public String version() {
        return version;
    }
}
