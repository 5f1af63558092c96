package io.takfed.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Decides how Payara Micro starts: the data directory, the HTTP port, and the embedded database defaults that
 * the WAR's data source reads as {@code ${MPCONFIG=...}} (those resolve only against system properties and the
 * environment, so the defaults are published as system properties, never overriding what the user set).
 */
final class LaunchPlan {

    static final String DATA_DIR = "TAKFED_DATA_DIR";
    static final String HTTP_PORT = "TAKFED_HTTP_PORT";
    static final String DB_URL = "TAKFED_DB_URL";
    static final String DB_DRIVER = "TAKFED_DB_DRIVER";
    static final String DB_USER = "TAKFED_DB_USER";
    static final String DB_PASSWORD = "TAKFED_DB_PASSWORD";
    static final String EMPTY_READINESS = "mp.health.default.readiness.empty.response";
    static final String HAZELCAST_BIND_ANY = "hazelcast.socket.bind.any";

    private final UnaryOperator<String> lookup;
    private final Path dataDirectory;
    private final int httpPort;

    LaunchPlan(UnaryOperator<String> lookup) {
        this.lookup = lookup;
        this.dataDirectory = Path.of(value(DATA_DIR).orElse("takfed-data")).toAbsolutePath().normalize();
        String port = value(HTTP_PORT).orElse("8080");
        try {
            this.httpPort = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HTTP_PORT + " must be a port number, not '" + port + "'");
        }
        if (httpPort < 1 || httpPort > 65535) {
            throw new IllegalArgumentException(HTTP_PORT + " must be from 1 to 65535, not " + httpPort);
        }
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Creates the data directory owner-only (the database and secrets live below it, never under /tmp) and clears
     * Payara's runtime directory: it is a cache, and a start that redeploys from a previous run's saved domain
     * loses the ordering (adapter first, then application) that a fresh start guarantees.
     */
    void prepare() throws IOException {
        if (!Files.isDirectory(dataDirectory)) {
            Files.createDirectories(dataDirectory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        writePrebootCommands();
        writePostbootCommands();
        Path runtime = runtimeDirectory();
        if (Files.isDirectory(runtime)) {
            try (var paths = Files.walk(runtime)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /**
     * asadmin commands run before the HTTP listener starts. HTTP/2 goes off: a client's h2c upgrade on plain HTTP
     * (java.net.http does one by default) can deadlock Grizzly's HTTP/2 output in this Payara, which hung the API;
     * the admin API gains nothing from HTTP/2. The data grid listens on loopback only: Payara Micro 6 cannot run
     * without it (its EJB timer service lives there), so a single instance keeps its member port off the network.
     */
    Path prebootCommands() {
        return dataDirectory.resolve("payara-preboot.asadmin");
    }

    private void writePrebootCommands() throws IOException {
        writeCommands(prebootCommands(),
                "set configs.config.server-config.network-config.protocols.protocol.http-listener.http.http2-enabled=false",
                "set configs.config.server-config.network-config.protocols.protocol.https-listener.http.http2-enabled=false",
                "set hazelcast-runtime-configuration.interface=127.0.0.1");
    }

    private static void writeCommands(Path file, String... commands) throws IOException {
        Files.writeString(file, String.join("\n", commands) + "\n", StandardCharsets.US_ASCII);
    }

    /**
     * asadmin commands run once the services are up, before takfed deploys (the metrics service refuses commands
     * earlier). Quiet by default: Payara's own /metrics and /openapi answer anyone; takfed's operations work brings
     * endpoints behind a token, and until then they are off.
     */
    Path postbootCommands() {
        return dataDirectory.resolve("payara-postboot.asadmin");
    }

    private void writePostbootCommands() throws IOException {
        writeCommands(postbootCommands(), "set-metrics-configuration --enabled=false",
                "set-openapi-configuration --enabled=false");
    }

    Path runtimeDirectory() {
        return dataDirectory.resolve("runtime");
    }

    /** System properties to publish: each one only if neither a system property nor the environment sets it. */
    Map<String, String> defaults() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(DATA_DIR, dataDirectory.toString());
        // Not ready until takfed's own checks exist: with none registered yet, MicroProfile Health says UP.
        defaults.put(EMPTY_READINESS, "DOWN");
        // With the data grid's interface set to loopback, its member socket binds there and not to every address.
        defaults.put(HAZELCAST_BIND_ANY, "false");
        String url = value(DB_URL).orElse(null);
        if (url == null) {
            // WRITE_DELAY=0: H2 otherwise holds a commit in memory for up to 500 ms, and a kill -9 then loses it.
            url = "jdbc:h2:file:" + dataDirectory.resolve("db").resolve("takfed")
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
            defaults.put(DB_URL, url);
            defaults.put(DB_USER, "takfed");
            defaults.put(DB_PASSWORD, embeddedDatabasePassword());
        }
        defaults.put(DB_DRIVER, driverFor(url));
        defaults.keySet().removeIf(key -> value(key).isPresent() && !key.equals(DATA_DIR));
        return defaults;
    }

    List<String> payaraArguments(String[] userArguments) {
        // --nohazelcast: a single instance joins no data grid (Payara Micro finds members by multicast unless told
        // otherwise); clustering, when it comes, turns it on explicitly.
        List<String> arguments = new ArrayList<>(List.of("--port", Integer.toString(httpPort),
                "--rootdir", runtimeDirectory().toString(), "--prebootcommandfile", prebootCommands().toString(),
                "--postbootcommandfile", postbootCommands().toString(), "--nohazelcast"));
        arguments.addAll(List.of(userArguments));
        return arguments;
    }

    static String driverFor(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        throw new IllegalArgumentException(DB_URL + " must be a jdbc:h2: or jdbc:postgresql: URL");
    }

    /** The embedded H2 database's password: random, made once, kept owner-only in the data directory. */
    private String embeddedDatabasePassword() throws IOException {
        Path file = dataDirectory.resolve("secrets").resolve("db.password");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            try {
                Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            } catch (FileAlreadyExistsException raced) {
                // Another start won; use its password.
            }
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    private Optional<String> value(String key) {
        return Optional.ofNullable(lookup.apply(key)).map(String::trim).filter(s -> !s.isEmpty());
    }
}
