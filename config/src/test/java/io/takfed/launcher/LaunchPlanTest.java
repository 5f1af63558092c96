package io.takfed.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchPlanTest {

    @TempDir
    Path work;

    private final Map<String, String> env = new HashMap<>();

    private LaunchPlan plan() {
        env.putIfAbsent("TAKFED_DATA_DIR", work.resolve("data").toString());
        return new LaunchPlan(env::get);
    }

    @Test
    void theEmbeddedDatabaseKeepsEveryCommitWhenTheProcessIsKilledRightAfter() throws Exception {
        LaunchPlan plan = plan();
        plan.prepare();
        Map<String, String> defaults = plan.defaults();
        // H2's default write delay keeps a commit in memory for up to half a second: a kill then loses it.
        for (int i = 1; i <= 3; i++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CommitThenHalt.class.getName(),
                    defaults.get("TAKFED_DB_URL"), defaults.get("TAKFED_DB_USER"), defaults.get("TAKFED_DB_PASSWORD"))
                    .redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, child.waitFor(), output);
            assertTrue(output.contains("committed " + i), "each run finds every earlier commit: " + output);
        }
    }

    @Test
    void embeddedDefaultsAreH2OnDiskWithAStableOwnerOnlyPassword() throws Exception {
        LaunchPlan plan = plan();
        plan.prepare();
        Map<String, String> defaults = plan.defaults();
        assertTrue(defaults.get("TAKFED_DB_URL").startsWith("jdbc:h2:file:" + work.resolve("data/db/takfed")));
        assertEquals("org.h2.Driver", defaults.get("TAKFED_DB_DRIVER"));
        assertEquals("DOWN", defaults.get("mp.health.default.readiness.empty.response"));
        Path password = work.resolve("data/secrets/db.password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("data"))));
        assertEquals(defaults.get("TAKFED_DB_PASSWORD"), plan().defaults().get("TAKFED_DB_PASSWORD"));
        assertEquals(List.of("--port", "8080", "--rootdir", work.resolve("data/runtime").toString(),
                        "--prebootcommandfile", work.resolve("data/payara-preboot.asadmin").toString(),
                        "--postbootcommandfile", work.resolve("data/payara-postboot.asadmin").toString(),
                        "--nohazelcast", "--extra"),
                plan.payaraArguments(new String[] {"--extra"}));
    }

    @Test
    void theRuntimeCacheIsClearedButDataIsKept() throws Exception {
        LaunchPlan plan = plan();
        plan.prepare();
        Files.createDirectories(work.resolve("data/runtime/config"));
        Files.writeString(work.resolve("data/runtime/config/domain.xml"), "<domain/>");
        Files.createDirectories(work.resolve("data/db"));
        Files.writeString(work.resolve("data/db/takfed.mv.db"), "data");
        plan.prepare();
        assertFalse(Files.exists(work.resolve("data/runtime")));
        assertEquals("data", Files.readString(work.resolve("data/db/takfed.mv.db")));
    }

    @Test
    void whatTheUserSetsIsNeverOverridden() throws Exception {
        env.put("TAKFED_DB_URL", "jdbc:postgresql://db.example/takfed");
        env.put("TAKFED_HTTP_PORT", "18080");
        LaunchPlan plan = plan();
        Map<String, String> defaults = plan.defaults();
        assertFalse(defaults.containsKey("TAKFED_DB_URL"));
        assertFalse(defaults.containsKey("TAKFED_DB_PASSWORD"));
        assertEquals("org.postgresql.Driver", defaults.get("TAKFED_DB_DRIVER"));
        assertEquals("18080", plan.payaraArguments(new String[0]).get(1));
        assertFalse(Files.exists(work.resolve("data/secrets/db.password")), "no embedded password for PostgreSQL");
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        env.put("TAKFED_HTTP_PORT", "80800");
        assertTrue(assertThrows(IllegalArgumentException.class, this::plan).getMessage().contains("TAKFED_HTTP_PORT"));
        env.put("TAKFED_HTTP_PORT", "8080");
        env.put("TAKFED_DB_URL", "jdbc:mysql://x/y");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plan().defaults()).getMessage()
                .contains("TAKFED_DB_URL"));
    }
}
