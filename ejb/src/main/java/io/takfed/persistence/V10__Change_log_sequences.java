package io.takfed.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves the change log's and mission content's keys from identity columns to sequences that hand out
 * {@link #BLOCK} values per call (V13 made the blocks larger). Hibernate cannot batch inserts into an identity
 * column (it must read each key back), and H2 commits its identity counter on every insert; a pooled sequence is
 * one call per block and lets the change log writer send a transaction's rows in JDBC batches. A Java migration
 * because each sequence must start after the keys already in use, which plain SQL cannot say portably.
 */
public class V10__Change_log_sequences extends BaseJavaMigration {

    /** Values per sequence call as this migration created the sequences; V13's is the entities' now. */
    static final int BLOCK = 100;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                .contains("postgres");
        try (Statement sql = connection.createStatement()) {
            sequence(sql, postgres, "mission_change", "seq", "mission_change_seq");
            sequence(sql, postgres, "mission_content", "id", "mission_content_seq");
        }
    }

    private static void sequence(Statement sql, boolean postgres, String table, String column, String sequence)
            throws SQLException {
        long max = lastKey(sql, table, column);
        // Hibernate's pooled optimizer takes a value v as the top of the block (v - BLOCK, v]; starting at
        // max + BLOCK makes the first block begin right after the last key in use.
        sql.execute("CREATE SEQUENCE " + sequence + " START WITH " + (max + BLOCK) + " INCREMENT BY " + BLOCK);
        sql.execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " DROP IDENTITY");
        // A row inserted by hand still gets a key no block handed out.
        sql.execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT "
                + (postgres ? "nextval('" + sequence + "')" : "NEXT VALUE FOR " + sequence));
    }

    /** The largest key in use in the table's column, 0 when it is empty: where a sequence for it must go on from. */
    static long lastKey(Statement sql, String table, String column) throws SQLException {
        try (ResultSet row = sql.executeQuery("SELECT COALESCE(MAX(" + column + "), 0) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }
}
