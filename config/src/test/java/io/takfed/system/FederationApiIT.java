package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.Pem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin API of one takfed process (embedded H2), driven over HTTP as an operator would. */
class FederationApiIT {

    private static final String SERVERS = "/api/federation/servers";

    @TempDir
    static Path work;

    private static TakfedProcess takfed;
    private static Api api;
    private static final List<String> SEEN_BODIES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        takfed = new TakfedProcess("api", work.resolve("data"), Map.of("OTS_NODE_ID", "it-node-1")).start();
        api = new Api(takfed.base(), takfed.adminToken());
    }

    @AfterAll
    static void stop() throws Exception {
        takfed.close();
        assertTrue(List.of(0, 143).contains(takfed.exitValue()),
                "SIGTERM ends takfed cleanly, exit " + takfed.exitValue());
        String keyLine = Peers.keyFingerprintLine();
        SEEN_BODIES.forEach(body -> assertFalse(body.contains(keyLine), "a response carried the client key"));
        assertFalse(takfed.log().contains(keyLine), "the log carried the client key");
        assertFalse(takfed.log().contains(takfed.adminToken()), "the first administrator token is never logged");
        assertTrue(takfed.log().contains(takfed.dataDirectory().resolve("admin-token").toString()),
                "its path is, so an operator knows where to find it");
    }

    private static Api.Reply record(Api.Reply reply) {
        SEEN_BODIES.add(reply.body());
        return reply;
    }

    @Test
    void fullCrudRoundTripWithTheSeedDocumentsFields() throws Exception {
        Api.Reply created = record(api.post(SERVERS, Peers.full("Remote TAK Server")));
        assertEquals(201, created.status(), created.body());
        JsonObject server = created.json().getJsonObject("server");
        long id = server.getJsonNumber("id").longValue();
        assertTrue(created.json().getBoolean("success"));
        assertEquals("Remote TAK Server", server.getString("name"));
        assertEquals(9001, server.getInt("port"));
        assertEquals("outbound", server.getString("connection_type"));
        assertEquals(false, server.getBoolean("sync_cot"));
        assertTrue(server.getBoolean("has_client_key"));
        assertFalse(server.containsKey("client_key"));
        assertEquals(List.of("Operation-Alpha", "Training-*"), server.getJsonArray("mission_filter")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals("disconnected", server.getString("status"));

        Api.Reply read = record(api.get(SERVERS + "/" + id));
        assertEquals(200, read.status());
        assertEquals(server, read.json().getJsonObject("server"));
        assertTrue(record(api.get(SERVERS)).json().getJsonArray("servers").stream()
                .anyMatch(s -> s.asJsonObject().getJsonNumber("id").longValue() == id));

        Api.Reply updated = record(api.put(SERVERS + "/" + id, Json.createObjectBuilder().add("port", 9000)
                .add("protocol_version", "v1").add("enabled", false).addNull("mission_filter").build()));
        assertEquals(200, updated.status(), updated.body());
        JsonObject after = updated.json().getJsonObject("server");
        assertEquals(9000, after.getInt("port"));
        assertEquals("v1", after.getString("protocol_version"));
        assertEquals("disabled", after.getString("status"));
        assertTrue(after.isNull("mission_filter"));
        assertTrue(after.getBoolean("has_client_key"), "a partial update keeps the stored key");

        Api.Reply status = record(api.get(SERVERS + "/" + id + "/status"));
        assertEquals(200, status.status());
        JsonObject stats = status.json().getJsonObject("status").getJsonObject("stats");
        assertEquals(0, stats.getInt("total_changes"));
        assertEquals(0, stats.getInt("pending_changes"));
        assertEquals("disabled", status.json().getJsonObject("status").getJsonObject("server").getString("status"));

        assertEquals(200, api.delete(SERVERS + "/" + id).status());
        assertEquals(404, api.get(SERVERS + "/" + id).status());
        assertEquals(404, api.delete(SERVERS + "/" + id).status());
    }

    static Stream<Arguments> badInputs() {
        JsonObject base = Peers.minimal("bad-input").build();
        return Stream.of(
                bad("POST", "{}", 400, "required", "name"),
                bad("POST", with(base, "name", Json.createValue("")), 400, "required", "name"),
                bad("POST", without(base, "address"), 400, "required", "address"),
                bad("POST", with(base, "address", Json.createValue("not a host!")), 400, "invalid-address", "address"),
                bad("POST", without(base, "port"), 400, "required", "port"),
                bad("POST", with(base, "port", Json.createValue(0)), 400, "out-of-range", "port"),
                bad("POST", with(base, "port", Json.createValue(70000)), 400, "out-of-range", "port"),
                bad("POST", with(base, "port", Json.createValue("9001")), 400, "invalid-type", "port"),
                bad("POST", with(base, "connection_type", Json.createValue("both")), 400, "invalid-value", "connection_type"),
                bad("POST", with(base, "protocol_version", Json.createValue("v3")), 400, "invalid-value", "protocol_version"),
                bad("POST", with(base, "transport_protocol", Json.createValue("sctp")), 400, "invalid-value", "transport_protocol"),
                bad("POST", with(base, "transport_protocol", Json.createValue("udp")), 400, "unsupported-transport", "transport_protocol"),
                bad("POST", with(base, "transport_protocol", Json.createValue("multicast")), 400, "unsupported-transport", "transport_protocol"),
                bad("POST", with(base, "use_tls", jakarta.json.JsonValue.FALSE), 400, "tls-required", "use_tls"),
                bad("PUT", with(base, "use_tls", jakarta.json.JsonValue.FALSE), 400, "tls-required", "use_tls"),
                bad("POST", with(base, "use_tls", Json.createValue("true")), 400, "invalid-type", "use_tls"),
                bad("POST", with(base, "verify_ssl", Json.createValue(1)), 400, "invalid-type", "verify_ssl"),
                bad("POST", with(base, "enabled", jakarta.json.JsonValue.NULL), 400, "invalid-type", "enabled"),
                bad("POST", with(base, "ca_certificate", Json.createValue("-----BEGIN CERTIFICATE-----\nZm9v\n-----END CERTIFICATE-----\n")), 400, "invalid-certificate", "ca_certificate"),
                bad("POST", with(with(base, "client_certificate", Json.createValue(Pem.write(Peers.CLIENT.certificate()))),
                        "client_key", Json.createValue(Pem.pkcs8(Peers.PEER_SERVER.key()))), 400, "key-certificate-mismatch", "client_key"),
                bad("POST", with(base, "client_key", Json.createValue("-----BEGIN PRIVATE KEY-----\nZm9v\n-----END PRIVATE KEY-----\n")), 400, "invalid-private-key", "client_key"),
                bad("POST", with(base, "mission_filter", Json.createValue("Training-*")), 400, "invalid-type", "mission_filter"),
                bad("POST", with(base, "mission_filter", Json.createArrayBuilder().add(1).build()), 400, "invalid-type", "mission_filter"),
                bad("POST", with(base, "colour", Json.createValue("blue")), 400, "unknown-field", "colour"),
                bad("POST", with(base, "inbound_groups", jakarta.json.JsonValue.NULL), 400, "invalid-type", "inbound_groups"),
                bad("POST", with(base, "outbound_groups", Json.createArrayBuilder().add("").build()), 400, "invalid-value", "outbound_groups"),
                bad("POST", with(base, "max_hops", Json.createValue(-2)), 400, "out-of-range", "max_hops"),
                bad("POST", with(base, "fingerprint", Json.createValue("AB:CD")), 400, "invalid-value", "fingerprint"),
                bad("POST", with(base, "status", Json.createValue("connected")), 400, "read-only-field", "status"),
                bad("POST", "{\"name\": ", 400, "malformed-json", null),
                bad("POST", "[1,2,3]", 400, "body-not-object", null),
                bad("PUT", with(base, "protocol_version", Json.createValue("v9")), 400, "invalid-value", "protocol_version"),
                bad("PUT", with(base, "sync_missions", Json.createValue("no")), 400, "invalid-type", "sync_missions"),
                bad("PUT", with(base, "id", Json.createValue(42)), 400, "read-only-field", "id"),
                bad("POST", with(base, "federated_group_mapping", Json.createValue("yes")), 400, "invalid-type", "federated_group_mapping"),
                bad("POST", with(base, "inbound_group_mapping", Json.createArrayBuilder().add("red:blue").build()), 400, "invalid-type", "inbound_group_mapping"),
                bad("POST", with(base, "inbound_group_mapping", Json.createObjectBuilder().add("red", "blue").build()), 400, "invalid-type", "inbound_group_mapping"),
                bad("POST", with(base, "inbound_group_mapping", Json.createObjectBuilder().add("red", Json.createArrayBuilder()).build()), 400, "invalid-value", "inbound_group_mapping"),
                bad("POST", with(base, "inbound_group_mapping", Json.createObjectBuilder().add("red", Json.createArrayBuilder().add("")).build()), 400, "invalid-value", "inbound_group_mapping"),
                bad("POST", with(base, "inbound_group_mapping", jakarta.json.JsonValue.NULL), 400, "invalid-type", "inbound_group_mapping"),
                bad("POST", with(base, "outbound_group_hop_limits", Json.createObjectBuilder().add("blue", -1).build()), 400, "out-of-range", "outbound_group_hop_limits"),
                bad("POST", with(base, "outbound_group_hop_limits", Json.createObjectBuilder().add("blue", 1001).build()), 400, "out-of-range", "outbound_group_hop_limits"),
                bad("POST", with(base, "outbound_group_hop_limits", Json.createObjectBuilder().add("blue", "2").build()), 400, "invalid-type", "outbound_group_hop_limits"),
                bad("POST", with(base, "use_group_hop_limiting", Json.createValue(1)), 400, "invalid-type", "use_group_hop_limiting"),
                bad("POST", with(base, "mission_federation", Json.createObjectBuilder().add("ops", "on").build()), 400, "invalid-type", "mission_federation"),
                bad("POST", with(base, "mission_federation", Json.createObjectBuilder().add("ops", true).add("OPS", false).build()), 400, "duplicate", "mission_federation"),
                bad("POST", with(base, "mission_federation", Json.createObjectBuilder().add(" ", true).build()), 400, "invalid-value", "mission_federation"),
                bad("PUT", with(base, "mission_federate_default", jakarta.json.JsonValue.NULL), 400, "invalid-type", "mission_federate_default"),
                bad("PUT", with(base, "share_alerts", Json.createValue("false")), 400, "invalid-type", "share_alerts"),
                bad("PUT", with(base, "remote_groups", Json.createArrayBuilder().add("red").build()), 400, "read-only-field", "remote_groups"),
                bad("POST", "{\"name\": \"deep\", \"description\": " + "[".repeat(1001) + "]".repeat(1001) + "}", 400, "malformed-json", null),
                bad("POST", base + " {\"name\": \"second\"}", 400, "malformed-json", null),
                bad("POST", base.toString().replaceFirst("\\{", "{\"name\": \"twice\", "), 400, "malformed-json", null),
                bad("POST", base.toString().replace("bad-input", "bad\\ud800"), 400, "malformed-json", null),
                bad("POST", with(base, "name", Json.createValue("nul\u0000name")), 400, "invalid-value", "name"),
                bad("POST", with(base, "max_hops", Json.createValue(new java.math.BigInteger("-1180591620717411303424"))), 400, "out-of-range", "max_hops"),
                bad("POST", with(base, "max_retries", Json.createValue(new java.math.BigInteger("18446744073709551621"))), 400, "out-of-range", "max_retries"),
                bad("PUT", with(base, "port", Json.createValue(new java.math.BigInteger("4294967297"))), 400, "out-of-range", "port"));
    }

    private static Arguments bad(String method, Object body, int status, String label, String field) {
        return Arguments.of(method, body.toString(), status, label, field);
    }

    private static JsonObject with(JsonObject base, String field, jakarta.json.JsonValue value) {
        return Json.createObjectBuilder(base).add(field, value).build();
    }

    private static JsonObject without(JsonObject base, String field) {
        return Json.createObjectBuilder(base).remove(field).build();
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("badInputs")
    void badInputIsA400NamingTheFieldAndLabel(String method, String body, int status, String label, String field)
            throws Exception {
        String path = SERVERS;
        if (method.equals("PUT")) {
            Api.Reply target = api.post(SERVERS, Peers.minimal("put-target-" + label + "-" + field).build());
            assertEquals(201, target.status(), target.body());
            path = SERVERS + "/" + target.json().getJsonObject("server").getJsonNumber("id").longValue();
        }
        Api.Reply reply = record(api.send(method, path, body, "application/json"));
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        JsonObject problem = reply.json();
        assertFalse(problem.getBoolean("success"));
        assertEquals(label, problem.getString("error"));
        if (field != null) {
            assertEquals(field, problem.getString("field"));
        }
        assertFalse(reply.body().contains("Exception"), "no raw exception text: " + reply.body());
    }

    @Test
    void takFederateControlsRoundTripWithTakDefaultsAndAreAudited() throws Exception {
        JsonObject created = api.post(SERVERS, Peers.minimal("controls").build()).json().getJsonObject("server");
        long id = created.getJsonNumber("id").longValue();
        assertFalse(created.getBoolean("federated_group_mapping"), "TAK's defaults");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, created.getJsonObject("inbound_group_mapping"));
        assertFalse(created.getBoolean("automatic_group_mapping"));
        assertFalse(created.getBoolean("fallback_when_no_group_mappings"));
        assertFalse(created.getBoolean("use_group_hop_limiting"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, created.getJsonObject("outbound_group_hop_limits"));
        assertTrue(created.getBoolean("mission_federate_default"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, created.getJsonObject("mission_federation"));
        assertTrue(created.getBoolean("share_alerts"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, created.getJsonArray("remote_groups"));

        JsonObject mapping = Json.createObjectBuilder().add("red", Json.createArrayBuilder().add("blue").add("green"))
                .add("black", Json.createArrayBuilder().add("blue")).build();
        JsonObject limits = Json.createObjectBuilder().add("blue", 2).add("green", 0).build();
        JsonObject missions = Json.createObjectBuilder().add("ops", true).add("secret", false).build();
        Api.Reply updated = api.put(SERVERS + "/" + id, Json.createObjectBuilder().add("federated_group_mapping", true)
                .add("inbound_group_mapping", mapping).add("automatic_group_mapping", true)
                .add("fallback_when_no_group_mappings", true).add("use_group_hop_limiting", true)
                .add("outbound_group_hop_limits", limits).add("mission_federate_default", false)
                .add("mission_federation", missions).add("share_alerts", false).build());
        assertEquals(200, updated.status(), updated.body());
        JsonObject after = api.get(SERVERS + "/" + id).json().getJsonObject("server");
        assertTrue(after.getBoolean("federated_group_mapping") && after.getBoolean("automatic_group_mapping")
                && after.getBoolean("fallback_when_no_group_mappings") && after.getBoolean("use_group_hop_limiting"));
        assertEquals(mapping, after.getJsonObject("inbound_group_mapping"));
        assertEquals(limits, after.getJsonObject("outbound_group_hop_limits"));
        assertEquals(missions, after.getJsonObject("mission_federation"));
        assertFalse(after.getBoolean("mission_federate_default"));
        assertFalse(after.getBoolean("share_alerts"));
        assertEquals(updated.json().getJsonObject("server"), after);

        var audited = api.get("/api/audit").json().getJsonArray("events").getValuesAs(JsonObject.class);
        assertTrue(audited.stream().anyMatch(e -> "peer.updated".equals(e.getString("action"))
                && e.getString("detail").contains("inbound_group_mapping")
                && e.getString("detail").contains("mission_federation")), "the change is audited by field");
    }

    @Test
    void bodiesThatAreNotUtf8OrTooLargeAreRefusedBeforeTheyAreRead() throws Exception {
        byte[] latin1 = "{\"name\": \"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Api.Reply notUtf8 = api.sendBytes("POST", SERVERS, latin1, "application/json");
        assertEquals(400, notUtf8.status(), notUtf8.body());
        assertEquals("malformed-json", notUtf8.json().getString("error"));
        assertTrue(notUtf8.json().getString("detail").contains("UTF-8"), notUtf8.body());
        String huge = "{\"name\": \"big\", \"description\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Api.Reply tooLarge = api.send("POST", SERVERS, huge, "application/json");
        assertEquals(413, tooLarge.status());
        assertEquals("body-too-large", tooLarge.json().getString("error"));
        Api.Reply recency = api.post("/api/missions", Json.createObjectBuilder().add("name", "wrapped")
                .add("recency_seconds", Json.createValue(new java.math.BigInteger("18446744073709551621"))).build());
        assertEquals(400, recency.status(), recency.body());
        assertEquals("out-of-range", recency.json().getString("error"));
        assertEquals("recency_seconds", recency.json().getString("field"));
        Api.Reply controlName = api.post("/api/tokens", Json.createObjectBuilder().add("name", "nul\u0000")
                .add("role", "observer").build());
        assertEquals(400, controlName.status(), controlName.body());
        assertEquals("name", controlName.json().getString("field"));
        Api.Reply health = api.as(null).get("/health/ready");
        assertEquals(200, health.status(), "and takfed stays ready: " + health.body());
    }

    @Test
    void aDuplicateNameIsAConflictAndAMissingIdIsNotFound() throws Exception {
        assertEquals(201, api.post(SERVERS, Peers.minimal("Twin").build()).status());
        Api.Reply clash = api.post(SERVERS, Peers.minimal("Twin").build());
        assertEquals(409, clash.status());
        assertEquals("name-taken", clash.json().getString("error"));
        assertEquals("name", clash.json().getString("field"));
        for (String path : List.of(SERVERS + "/424242", SERVERS + "/424242/status")) {
            Api.Reply missing = api.get(path);
            assertEquals(404, missing.status(), path);
            assertEquals("not-found", missing.json().getString("error"));
        }
        assertEquals(404, api.post(SERVERS + "/424242/test", null).status());
    }

    @Test
    void missionsAreAdministeredAndEveryChangeLandsInTheLogAsRol() throws Exception {
        String missions = "/api/missions";
        long after = lastChange();
        Api.Reply created = api.post(missions, Json.createObjectBuilder().add("name", "ops-alpha")
                .add("description", "drill").add("creator_uid", "ANDROID-1")
                .add("groups", Json.createArrayBuilder().add("blue")).build());
        assertEquals(201, created.status(), created.body());
        assertEquals("public", created.json().getJsonObject("mission").getString("tool"));
        assertEquals(409, api.post(missions, Json.createObjectBuilder().add("name", "ops-alpha").build()).status());
        Api.Reply unknown = api.post(missions, Json.createObjectBuilder().add("name", "x").add("colour", "red").build());
        assertEquals(400, unknown.status());
        assertEquals("colour", unknown.json().getString("field"));

        Api.Reply added = api.put(missions + "/ops-alpha/contents", Json.createObjectBuilder()
                .add("uids", Json.createArrayBuilder().add("ANDROID-1").add("marker-7")).build());
        assertEquals(200, added.status(), added.body());
        assertEquals(List.of("ANDROID-1", "marker-7"), added.json().getJsonObject("change").getJsonArray("uids")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        Api.Reply again = api.put(missions + "/ops-alpha/contents", Json.createObjectBuilder()
                .add("uids", Json.createArrayBuilder().add("marker-7")).build());
        assertTrue(again.json().getJsonObject("change").isNull("seq"), "adding what is there changes nothing: "
                + again.body());
        Api.Reply uploaded = api.send("PUT", missions + "/ops-alpha/resources?filename=brief.txt", "mission brief",
                "text/plain");
        assertEquals(200, uploaded.status(), uploaded.body());
        String hash = uploaded.json().getString("hash");
        assertEquals(List.of(hash), uploaded.json().getJsonObject("change").getJsonArray("hashes")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        JsonObject whole = api.get(missions + "/ops-alpha").json().getJsonObject("mission");
        assertEquals(2, whole.getJsonArray("uids").size(), "GET shows the whole content: " + whole);
        assertEquals(hash, whole.getJsonArray("hashes").getString(0));
        Api.Reply file = api.get(missions + "/resources/" + hash);
        assertEquals(200, file.status());
        assertEquals("mission brief", file.body());
        assertEquals("application/octet-stream", file.contentType(), "a type takfed chose, not the uploader's");
        assertEquals("nosniff", file.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertTrue(file.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"));
        assertEquals(200, api.delete(missions + "/ops-alpha/contents?uid=marker-7").status());
        Api.Reply badHash = api.put(missions + "/ops-alpha/contents", Json.createObjectBuilder()
                .add("hashes", Json.createArrayBuilder().add("xyz")).build());
        assertEquals(400, badHash.status());
        assertEquals("hashes", badHash.json().getString("field"));

        var changes = api.get(missions + "/changes?after=" + after).json().getJsonArray("changes")
                .getValuesAs(JsonObject.class);
        assertEquals(List.of("CREATE_MISSION", "ADD_CONTENT", "CREATE_RESOURCE", "ADD_CONTENT", "REMOVE_CONTENT"),
                changes.stream().map(c -> c.getString("change_type")).toList());
        assertTrue(changes.get(0).getString("program").startsWith("create mission\n{\"type\":\"MissionMetadata\","
                + "\"name\":\"ops-alpha\""), changes.get(0).toString());
        assertEquals(hash, changes.get(2).getString("resource_hash"));
        assertEquals(200, api.delete(missions + "/ops-alpha").status());
        assertEquals(404, api.get(missions + "/ops-alpha").status());
        assertEquals("DELETE_MISSION", api.get(missions + "/changes?after=" + changes.get(4).getJsonNumber("seq"))
                .json().getJsonArray("changes").getJsonObject(0).getString("change_type"));
        assertEquals(400, api.get(missions + "/changes?limit=0").status());

        long peer = api.post(SERVERS, Peers.minimal("dead-letter peer").build()).json().getJsonObject("server")
                .getJsonNumber("id").longValue();
        Api.Reply letters = api.get(SERVERS + "/" + peer + "/dead-letters");
        assertEquals(200, letters.status(), letters.body());
        assertEquals(0, letters.json().getJsonArray("dead_letters").size());
        assertEquals(0, api.post(SERVERS + "/" + peer + "/dead-letters/redrive", null).json().getInt("redriven"));
        assertEquals(404, api.get(SERVERS + "/999999/dead-letters").status());
        JsonObject stats = api.get(SERVERS + "/" + peer + "/status").json().getJsonObject("status")
                .getJsonObject("stats");
        assertEquals(0, stats.getInt("total_changes"), "a peer added after the changes is owed none of them");
        JsonObject delivery = api.get(SERVERS + "/" + peer + "/status").json().getJsonObject("status")
                .getJsonObject("delivery");
        assertFalse(delivery.getBoolean("started"), "no ROL session yet: " + delivery);
        assertTrue(delivery.isNull("last_error"));
    }

    private static long lastChange() throws Exception {
        var all = api.get("/api/missions/changes?limit=1000").json().getJsonArray("changes");
        return all.isEmpty() ? 0 : all.getJsonObject(all.size() - 1).getJsonNumber("seq").longValue();
    }

    @Test
    void aSingleInstanceListensOnlyOnItsHttpAndFederationPortsAndPayarasOwnEndpointsAreOff() throws Exception {
        var listening = new java.util.TreeMap<>(takfed.listening());
        var ours = java.util.Set.of(takfed.base().getPort(), takfed.v1Port(), takfed.v2Port());
        assertTrue(listening.keySet().containsAll(ours), "HTTP, v1 and v2: " + listening);
        listening.keySet().removeAll(ours);
        assertTrue(listening.size() <= 1, "besides them only the data grid's member port: " + listening);
        listening.forEach((port, host) -> assertTrue(host.contains("127.0.0.1") || host.equals("[::1]"),
                "and that on loopback alone, not " + host + ":" + port));
        for (String path : List.of("/metrics", "/openapi")) {
            Api.Reply reply = api.as(null).get(path);
            assertTrue(List.of(401, 403, 404).contains(reply.status()), path + " answered " + reply.status());
            assertFalse(reply.body().contains("jvm") || reply.body().contains("openapi:"), path + " told nothing");
        }
    }

    @Test
    void anH2cUpgradeIsDeclinedSoTheApiStaysOnHttp11() throws Exception {
        // java.net.http asks for h2c on plain http:// by default; Grizzly's HTTP/2 could deadlock on it.
        var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
        var response = client.send(java.net.http.HttpRequest.newBuilder(takfed.base().resolve("/health/live")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, response.version());
    }

    @Test
    void everyChangeIsAuditedWithItsActorAndFieldsButNoValues() throws Exception {
        Api.Reply created = record(api.post(SERVERS, Peers.full("audited peer")));
        long id = created.json().getJsonObject("server").getJsonNumber("id").longValue();
        record(api.put(SERVERS + "/" + id, Json.createObjectBuilder().add("description", "renamed").build()));
        record(api.delete(SERVERS + "/" + id));
        Api.Reply trail = record(api.get("/api/audit?limit=3"));
        assertEquals(200, trail.status(), trail.body());
        var events = trail.json().getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(List.of("peer.deleted", "peer.updated", "peer.created"),
                events.stream().map(e -> e.getString("action")).toList(), trail.body());
        events.forEach(e -> assertTrue(e.getString("actor").startsWith("token:"), e.toString()));
        events.forEach(e -> assertEquals("server " + id + " (audited peer)", e.getString("target")));
        assertTrue(events.get(2).getString("detail").contains("client_key"), "the fields a change set are named");
        assertFalse(trail.body().contains("BEGIN"), "but no certificate or key is ever copied into the trail");
        long oldest = events.get(2).getJsonNumber("id").longValue();
        var older = api.get("/api/audit?before=" + oldest).json().getJsonArray("events").getValuesAs(JsonObject.class);
        assertTrue(older.stream().allMatch(e -> e.getJsonNumber("id").longValue() < oldest), "pages go back");
        Api.Reply bad = api.get("/api/audit?limit=0");
        assertEquals(400, bad.status());
        assertEquals("limit", bad.json().getString("field"));
    }

    @Test
    void tokensAreRequiredAndRolesEnforced() throws Exception {
        Api.Reply none = api.as(null).get(SERVERS);
        assertEquals(401, none.status());
        assertEquals("missing-token", none.json().getString("error"));
        Api.Reply forged = api.as("tkf_forged").get("/api/federation/health");
        assertEquals(401, forged.status());
        assertEquals("invalid-token", forged.json().getString("error"));

        Api.Reply issued = api.post("/api/tokens", Json.createObjectBuilder().add("name", "dashboard")
                .add("role", "observer").build());
        assertEquals(201, issued.status(), issued.body());
        Api observer = api.as(issued.json().getJsonObject("token").getString("token"));
        assertEquals(200, observer.get("/api/federation/health").status());
        Api.Reply forbidden = observer.get(SERVERS);
        assertEquals(403, forbidden.status());
        assertEquals("forbidden", forbidden.json().getString("error"));
        assertEquals(403, observer.post(SERVERS, Peers.minimal("sneaky").build()).status());
        assertEquals(403, observer.get("/api/tokens").status());
        assertEquals(403, observer.get("/api/audit").status(), "the audit trail is for administrators");

        long id = issued.json().getJsonObject("token").getJsonNumber("id").longValue();
        assertEquals(200, api.delete("/api/tokens/" + id).status());
        assertEquals(401, observer.get("/api/federation/health").status(), "a revoked token stops working");
        assertFalse(api.get("/api/tokens").body().contains(issued.json().getJsonObject("token").getString("token")));
        Api.Reply trail = api.get("/api/audit?limit=2");
        var events = trail.json().getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(List.of("token.revoked", "token.issued"), events.stream().map(e -> e.getString("action")).toList(),
                "issuing and revoking a token are administrative actions: " + trail.body());
        events.forEach(e -> assertEquals("token " + id, e.getString("target")));
        events.forEach(e -> assertTrue(e.getString("actor").startsWith("token:"), e.toString()));
        assertTrue(events.get(1).getString("detail").contains("observer"), "the role is named");
        assertFalse(trail.body().contains(issued.json().getJsonObject("token").getString("token")), "never the secret");
    }

    @Test
    void healthCountsRealPeersAndReportsTheConfiguredNodeId() throws Exception {
        api.post(SERVERS, Peers.minimal("health-a").build());
        api.post(SERVERS, Peers.minimal("health-b").add("enabled", false).build());
        JsonObject health = api.get("/api/federation/health").json().getJsonObject("health");
        long total = api.get(SERVERS).json().getJsonArray("servers").size();
        long enabled = api.get(SERVERS).json().getJsonArray("servers").stream()
                .filter(s -> s.asJsonObject().getBoolean("enabled")).count();
        assertTrue(health.getBoolean("federation_enabled"));
        assertEquals(total, health.getJsonNumber("total_servers").longValue());
        assertEquals(enabled, health.getJsonNumber("enabled_servers").longValue());
        assertEquals(0, health.getInt("connected_servers"), "no protocol links exist yet, so none are connected");
        assertEquals("it-node-1", health.getString("node_id"));
    }

    @Test
    void readinessCoversTheDatabaseTheSchemaAndTheResourceAdapter() throws Exception {
        Api.Reply ready = api.as(null).get("/health/ready");
        assertEquals(200, ready.status());
        var checks = ready.json().getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("name")).toList();
        assertTrue(checks.containsAll(List.of("database", "migrations", "federation-transport")), checks.toString());
        assertEquals(200, api.as(null).get("/health/live").status());
        Path ca = takfed.dataDirectory().resolve("pki/ca.pem");
        assertTrue(Files.readString(ca).contains("BEGIN CERTIFICATE"), "the development PKI was generated");
        assertTrue(takfed.log().contains("DEVELOPMENT federation PKI"), "with a clear warning");
    }

    @Test
    void testConnectsAndHandshakesWithThePeersOwnMaterial() throws Exception {
        var takfedCa = Pem.certificates(Files.readString(takfed.dataDirectory().resolve("pki/ca.pem")));
        var peerTrust = new ArrayList<>(takfedCa);
        peerTrust.add(Peers.PEER_CA.certificate());
        try (TlsPeer peer = new TlsPeer(Peers.PEER_SERVER, peerTrust)) {
            // Disabled, so that no dial-out link changes its status: the test alone must leave it as it is.
            JsonObject body = Json.createObjectBuilder(Peers.full("tls-peer")).add("address", "localhost")
                    .add("port", peer.port()).add("enabled", false).build();
            long id = api.post(SERVERS, body).json().getJsonObject("server").getJsonNumber("id").longValue();
            Api.Reply test = record(api.post(SERVERS + "/" + id + "/test", null));
            assertEquals(200, test.status(), test.body());
            JsonObject result = test.json().getJsonObject("test");
            assertEquals("identity", result.getString("stage_reached"), "the certificate is fit for federation too");
            // Our own policy is the next stage: a disabled peer would carry nothing, and the test says so.
            assertFalse(test.json().getBoolean("success"), test.body());
            assertEquals("federation-denied", result.getString("error"), test.body());
            assertTrue(result.getString("detail").contains("enabled"), test.body());
            assertEquals(CertificateIdentity.fingerprint(Peers.PEER_SERVER.certificate()),
                    result.getJsonObject("peer_certificate").getString("fingerprint_sha256"));
            assertNotNull(result.getString("cipher_suite"));
            assertEquals(Peers.CLIENT.certificate(), peer.clientCertificates().get(0),
                    "the peer saw the client certificate configured for it");

            api.put(SERVERS + "/" + id, Json.createObjectBuilder().addNull("ca_certificate").build());
            JsonObject untrusted = api.post(SERVERS + "/" + id + "/test", null).json();
            assertFalse(untrusted.getBoolean("success"));
            assertEquals("federation-tls-error", untrusted.getJsonObject("test").getString("error"));
            assertEquals("disabled", api.get(SERVERS + "/" + id).json().getJsonObject("server").getString("status"),
                    "a test never changes the link's recorded state");
        }
        int closed = TakfedProcess.freePort();
        long refused = api.post(SERVERS, Peers.minimal("nobody-home").add("address", "127.0.0.1").add("port", closed)
                .build()).json().getJsonObject("server").getJsonNumber("id").longValue();
        JsonObject result = api.post(SERVERS + "/" + refused + "/test", null).json().getJsonObject("test");
        assertEquals("federation-connection-refused", result.getString("error"));
        assertEquals("dns", result.getString("stage_reached"));

        long inbound = api.post(SERVERS, Peers.minimal("inbound-any").add("address", "0.0.0.0")
                .add("connection_type", "inbound").build()).json().getJsonObject("server").getJsonNumber("id").longValue();
        Api.Reply notDialable = api.post(SERVERS + "/" + inbound + "/test", null);
        assertEquals(409, notDialable.status());
        assertEquals("peer-not-dialable", notDialable.json().getString("error"));
    }
}
