package io.takfed.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Hands out the change log's and mission content's keys in blocks of {@link #BLOCK} instead of V10's 100. In H2
 * each sequence call past its cache commits the sequence on a session of its own, and that commit writes every page
 * the change log writer's open transaction has dirtied so far: a received backlog paid two such writes per 100
 * changes, 8 % of the writer's time in a 100 k drain. A restart now skips up to a block of keys, which nothing
 * minds: the log is read by position, never counted by key. A Java migration because each sequence must go on after
 * the keys already in use, which plain SQL cannot say portably.
 */
public class V13__Change_log_key_blocks extends BaseJavaMigration {

    /** Values per sequence call; the entities' allocationSize, which Hibernate checks against the database. */
    public static final int BLOCK = 1_000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement sql = connection.createStatement()) {
            resize(sql, "mission_change", "seq", "mission_change_seq");
            resize(sql, "mission_content", "id", "mission_content_seq");
        }
    }

    private static void resize(Statement sql, String table, String column, String sequence) throws SQLException {
        long max = V10__Change_log_sequences.lastKey(sql, table, column);
        // As in V10: Hibernate's pooled optimizer takes a value v as the top of the block (v - BLOCK, v], so the
        // first value max + BLOCK makes the first block begin right after the last key in use. Values of the old
        // blocks handed out but never used are not keys of any row and need no care.
        sql.execute("ALTER SEQUENCE " + sequence + " RESTART WITH " + (max + BLOCK) + " INCREMENT BY " + BLOCK);
    }
}
