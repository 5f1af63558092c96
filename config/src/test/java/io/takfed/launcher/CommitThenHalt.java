package io.takfed.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link LaunchPlanTest}: commits one more row to the given database, says so, then stops the
 * JVM the way {@code kill -9} does, with no shutdown hook and no close.
 */
public final class CommitThenHalt {

    private CommitThenHalt() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection db = DriverManager.getConnection(args[0], args[1], args[2]);
             Statement sql = db.createStatement()) {
            sql.execute("create table if not exists committed (n int primary key)");
            int next;
            try (ResultSet last = sql.executeQuery("select coalesce(max(n), 0) from committed")) {
                last.next();
                next = last.getInt(1) + 1;
            }
            sql.execute("insert into committed values (" + next + ")");
            System.out.println("committed " + next);
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }
}
