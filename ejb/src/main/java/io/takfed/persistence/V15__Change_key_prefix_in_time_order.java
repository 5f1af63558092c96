package io.takfed.persistence;

import io.takfed.missions.rol.RolReader;
import io.takfed.missions.rol.RolSyntaxException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Gives the received changes already logged the prefix {@link ChangeKeyPrefix#of(String, Long)} gives them now:
 * their own time first, where they carry one, so that the lookup of a change that comes again finds them. A Java
 * migration because the time is read from each change's program with the ROL grammar.
 */
public class V15__Change_key_prefix_in_time_order extends BaseJavaMigration {

    private static final int PAGE = 1_000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        RolReader reader = new RolReader();
        try (Statement sql = connection.createStatement();
             KeyPrefixUpdates updates = new KeyPrefixUpdates(connection)) {
            // Read in pages, so a large log is not held in memory at once (PostgreSQL reads it all otherwise).
            sql.setFetchSize(PAGE);
            try (ResultSet rows = sql.executeQuery(
                    "SELECT seq, change_key, program, key_prefix FROM mission_change WHERE key_prefix IS NOT NULL")) {
                while (rows.next()) {
                    Long prefix = ChangeKeyPrefix.of(rows.getString(2), date(reader, rows.getString(3)));
                    if (prefix != null && prefix != rows.getLong(4)) {
                        updates.set(rows.getLong(1), prefix);
                    }
                }
            }
        }
    }

    /** A logged program's own time; null without one (and for a program that is not ROL, never logged as such). */
    private static Long date(RolReader reader, String program) {
        try {
            return reader.readOne(program).date();
        } catch (RolSyntaxException notRol) {
            return null;
        }
    }
}
