package io.takfed.ear;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Server domain of its own (fresh domain directory, free port base) driven through asadmin. The
 * environment given at start-domain reaches the server JVM, which is where {@code ${MPCONFIG=...}} looks.
 */
final class PayaraServer implements AutoCloseable {

    private final Path asadmin;
    private final Path domains;
    private final int portBase;
    private boolean started;

    PayaraServer(Path payaraHome, Path domains) throws IOException {
        this.asadmin = payaraHome.resolve("bin/asadmin");
        this.domains = domains;
        this.portBase = freePortBase();
    }

    int httpPort() {
        return portBase + 80;
    }

    int adminPort() {
        return portBase + 48;
    }

    Path serverLog() {
        return domains.resolve("takfed/logs/server.log");
    }

    void createAndStart(Map<String, String> environment) throws IOException, InterruptedException {
        run(Map.of(), "--user", "admin", "create-domain", "--nopassword", "--portbase", Integer.toString(portBase),
                "--domaindir", domains.toString(), "takfed");
        run(environment, "start-domain", "--domaindir", domains.toString(), "takfed");
        started = true;
    }

    String deploy(Path archive) throws IOException, InterruptedException {
        return run(Map.of(), "--port", Integer.toString(adminPort()), "deploy", archive.toString());
    }

    String undeploy(String name) throws IOException, InterruptedException {
        return run(Map.of(), "--port", Integer.toString(adminPort()), "undeploy", name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (started) {
            run(Map.of(), "stop-domain", "--domaindir", domains.toString(), "takfed");
            started = false;
        }
    }

    private String run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(asadmin.toString()));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(domains.getParent(), "asadmin", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("asadmin " + arguments[arguments.length - 1] + " timed out");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " failed:\n" + text);
        }
        return text;
    }

    /** A base whose standard offsets (4848 to 8686 style: +0 to +90) are all free right now. */
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket probe = new ServerSocket(0)) {
                base = (probe.getLocalPort() / 100) * 100;
            }
            if (base > 1000 && base < 65000 && allFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port base found");
    }

    private static boolean allFree(int base) {
        for (int offset = 0; offset < 100; offset++) {
            try (ServerSocket socket = new ServerSocket(base + offset)) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
