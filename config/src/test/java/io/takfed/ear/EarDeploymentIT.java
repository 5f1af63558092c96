package io.takfed.ear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** takfed.ear deployed on Payara Server 6 (Jakarta EE 10 Full Profile): ready, usable, and stops cleanly. */
class EarDeploymentIT {

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void deploysBecomesReadyServesTheApiAndUndeploysCleanly() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> environment = Map.ofEntries(Map.entry("TAKFED_DATA_DIR", data.toString()),
                Map.entry("TAKFED_DB_URL", "jdbc:h2:file:" + data.resolve("db/takfed") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"),
                Map.entry("TAKFED_DB_DRIVER", "org.h2.Driver"),
                Map.entry("TAKFED_DB_USER", "takfed"),
                Map.entry("TAKFED_DB_PASSWORD", "ear-test-password"),
                Map.entry("OTS_NODE_ID", "ear-node"),
                Map.entry("OTS_FEDERATION_V2_PORT", Integer.toString(freePort())),
                Map.entry("OTS_FEDERATION_BIND_ADDRESS", "127.0.0.1"),
                Map.entry("MP_HEALTH_DEFAULT_READINESS_EMPTY_RESPONSE", "DOWN"));
        Path ear = Path.of(System.getProperty("takfed.ear"));
        try (PayaraServer server = new PayaraServer(Path.of(System.getProperty("payara.home")), work.resolve("domains"))) {
            server.createAndStart(environment);
            assertTrue(server.deploy(ear).contains("Application deployed with name takfed"));
            URI base = URI.create("http://127.0.0.1:" + server.httpPort());

            JsonObject ready = awaitReady(base);
            assertEquals("UP", ready.getString("status"));
            var checks = ready.getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("name")).toList();
            assertTrue(checks.containsAll(java.util.List.of("database", "migrations", "federation-transport", "startup")),
                    checks.toString());

            String token = Files.readString(data.resolve("admin-token")).trim();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/api/federation/servers"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"Site B\",\"address\":\"127.0.0.1\",\"port\":9001,\"enabled\":false}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            long id = json(created.body()).getJsonObject("server").getJsonNumber("id").longValue();
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(base.resolve("/api/federation/servers/" + id))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode());
            assertEquals("Site B", json(read.body()).getJsonObject("server").getString("name"));
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/api/federation/health"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("ear-node", json(health.body()).getJsonObject("health").getString("node_id"));
            assertEquals(401, http.send(HttpRequest.newBuilder(base.resolve("/api/federation/servers")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            server.undeploy("takfed");
            String log = Files.readString(server.serverLog());
            assertTrue(log.contains("TAKFED-T002 Federation transport stopped"), "the adapter stopped with the application");
            assertFalse(log.contains("TAKFED-T003"), "the adapter never failed to start");
        }
    }

    private JsonObject awaitReady(URI base) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = ready.statusCode() + " " + ready.body();
                if (ready.statusCode() == 200 && ready.body().contains("federation-transport")) {
                    return json(ready.body());
                }
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("takfed.ear never became ready: " + last);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static JsonObject json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
