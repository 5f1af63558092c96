package io.takfed.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Level;
import java.util.logging.Logger;
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

    @PostConstruct
    void migrate() {
        Flyway flyway = flyway(dataSource, SchemaMigration.class.getClassLoader());
        var result = flyway.migrate();
        MigrationInfo current = flyway.info().current();
        version = current == null ? "none" : current.getVersion().getVersion();
        LOG.log(Level.INFO, "TAKFED-D001 Database schema at version {0} ({1} migrations applied now, {2})",
                new Object[] {version, result.migrationsExecuted, result.database});
    }

    /** The one Flyway configuration, shared with the persistence tests. */
    public static Flyway flyway(DataSource dataSource, ClassLoader loader) {
        return Flyway.configure(loader).dataSource(dataSource).locations("classpath:db/migration")
                .failOnMissingLocations(true).load();
    }

    /** True when the schema is at the newest migration this build ships. */
    public boolean upToDate() {
        return flyway(dataSource, SchemaMigration.class.getClassLoader()).info().pending().length == 0;
    }

    public String version() {
        return version;
    }
}
