package io.takfed.persistence;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: H2 in a file under the data directory. */
class H2PersistenceTest extends PersistenceContract {

    @TempDir
    Path data;

    private JdbcDataSource dataSource;

    @Override
    protected DataSource dataSource() {
        if (dataSource == null) {
            dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:file:" + data.resolve("db/takfed") + ";DB_CLOSE_DELAY=0");
            dataSource.setUser("takfed");
            dataSource.setPassword("");
        }
        return dataSource;
    }

    @Override
    protected void restart() {
        // DB_CLOSE_DELAY=0: the database closes with its last connection, so the next open reads the file.
        dataSource = null;
    }
}
