package io.takfed.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * takfed started the way a user starts it: {@code java -jar takfed.jar} as a separate process, on free ports,
 * with its own data directory; ready when {@code /health/ready} says so.
 */
final class TakfedProcess implements AutoCloseable {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(240);

    private final String name;
    private final Path dataDirectory;
    private final Map<String, String> environment;
    private final int httpPort;
    private final int v2Port;
    private final int v1Port;
    private Process process;
    private Path log;
    private int starts;

    TakfedProcess(String name, Path dataDirectory, Map<String, String> extraEnvironment) throws IOException {
        this.name = name;
        this.dataDirectory = dataDirectory;
        this.httpPort = freePort();
        this.v2Port = freePort();
        this.v1Port = freePort();
        this.environment = new HashMap<>(extraEnvironment);
        environment.put("TAKFED_DATA_DIR", dataDirectory.toString());
        environment.put("TAKFED_HTTP_PORT", Integer.toString(httpPort));
        environment.put("OTS_FEDERATION_V2_PORT", Integer.toString(v2Port));
        environment.put("OTS_FEDERATION_V1_PORT", Integer.toString(v1Port));
        environment.put("OTS_FEDERATION_BIND_ADDRESS", "127.0.0.1");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    TakfedProcess start() throws IOException, InterruptedException {
        Path logs = Path.of(System.getProperty("takfed.logs", "target/system-test-logs"));
        Files.createDirectories(logs);
        log = logs.resolve(name + "-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m"));
        // For profiling a benchmark, e.g. -Dtakfed.jvm.options=-XX:StartFlightRecording=filename=/tmp/{name}.jfr
        String options = System.getProperty("takfed.jvm.options", "").replace("{name}", name + "-" + starts);
        if (!options.isBlank()) {
            command.addAll(List.of(options.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(dataDirectory.getParent().toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        awaitReady();
        return this;
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM");
            }
        }
    }

    /** kill -9: no shutdown hook, no commit, nothing flushed. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Exit status of the last run, after {@link #stop()}. */
    int exitValue() {
        return process.exitValue();
    }

    /** CPU time the running process has used (all its threads, user and system), for benchmarks. */
    java.time.Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this system does not report a process's CPU time"));
    }

    /** Sets an environment variable for the next {@link #start()}. */
    TakfedProcess set(String key, String value) {
        environment.put(key, value);
        return this;
    }

    TakfedProcess restart() throws IOException, InterruptedException {
        stop();
        return start();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The TCP ports the process (and any it started) listens on, each with the address it is bound to ({@code ss}). */
    java.util.Map<Integer, String> listening() throws IOException, InterruptedException {
        java.util.Set<String> pids = new java.util.HashSet<>();
        pids.add(Long.toString(process.pid()));
        process.toHandle().descendants().forEach(child -> pids.add(Long.toString(child.pid())));
        Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor(10, TimeUnit.SECONDS);
        java.util.Map<Integer, String> ports = new java.util.TreeMap<>();
        for (String line : out.split("\n")) {
            java.util.regex.Matcher pid = java.util.regex.Pattern.compile("pid=(\\d+)").matcher(line);
            boolean ours = false;
            while (pid.find()) {
                ours |= pids.contains(pid.group(1));
            }
            String[] columns = line.trim().split("\\s+");
            if (ours && columns.length > 3) {
                String local = columns[3];
                ports.put(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1)),
                        local.substring(0, local.lastIndexOf(':')));
            }
        }
        return ports;
    }

    /** Resident memory of the process and those it started, in bytes (Linux /proc). */
    long residentBytes() throws IOException {
        long total = 0;
        java.util.List<ProcessHandle> all = new ArrayList<>(List.of(process.toHandle()));
        process.toHandle().descendants().forEach(all::add);
        for (ProcessHandle handle : all) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        return total;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    int v2Port() {
        return v2Port;
    }

    int v1Port() {
        return v1Port;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    String adminToken() throws IOException {
        return Files.readString(dataDirectory.resolve("admin-token")).trim();
    }

    private void awaitReady() throws InterruptedException, IOException {
        // HTTP/1.1: an h2c upgrade from java.net.http once deadlocked two of Payara's Grizzly HTTP/2 threads.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(BOOT_TIMEOUT);
        String lastAnswer = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " during start; see " + log);
            }
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(base().resolve("/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                // Our own checks must be there: an application still deploying has none yet.
                lastAnswer = ready.statusCode() + " " + ready.body();
                if (ready.statusCode() == 200 && ready.body().contains("federation-transport") && apiAnswers(client)) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
                lastAnswer = notYet.toString();
            }
            Thread.sleep(500);
        }
        dumpThreads();
        process.destroyForcibly();
        throw new IllegalStateException(name + " was not ready within " + BOOT_TIMEOUT + "; /health/ready last said "
                + lastAnswer + "; see " + log);
    }

    /** Asks the JVM for a thread dump (SIGQUIT), which it writes into the log: a hung boot must say where it hangs. */
    private void dumpThreads() throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-3", Long.toString(process.pid())).inheritIO().start().waitFor();
            Thread.sleep(2_000);
        } catch (IOException e) {
            // No kill command here: the failure message still names the log.
        }
    }

    /** Our own authentication filter answers: the API, not just the health endpoint, is being served. */
    private boolean apiAnswers(HttpClient client) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(base().resolve("/api/federation/health")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 401;
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("takfed.jar", "target/takfed.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first");
        }
        return jar.toAbsolutePath();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
