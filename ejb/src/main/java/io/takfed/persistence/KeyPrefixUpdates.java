package io.takfed.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Sets the key prefix of changes already logged, for the migrations that (re)compute it: a JDBC batch per 1,000. */
final class KeyPrefixUpdates implements AutoCloseable {

    private static final int PER_BATCH = 1_000;

    private final PreparedStatement set;
    private int pending;

    KeyPrefixUpdates(Connection connection) throws SQLException {
        set = connection.prepareStatement("UPDATE mission_change SET key_prefix = ? WHERE seq = ?");
    }

    void set(long seq, long prefix) throws SQLException {
        set.setLong(1, prefix);
        set.setLong(2, seq);
        set.addBatch();
        if (++pending % PER_BATCH == 0) {
            set.executeBatch();
        }
    }

    /** Sends what is left, then closes. */
    @Override
    public void close() throws SQLException {
        try (set) {
            set.executeBatch();
        }
    }
}
