package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;

/** What a restart must keep, whatever the database: every peer and field, the node id, the token, the PKI. */
final class RestartContract {

    private static final String SERVERS = "/api/federation/servers";

    private RestartContract() {
    }

    static void peersNodeIdTokenAndIdentitySurviveARestart(TakfedProcess takfed) throws Exception {
        Api api = new Api(takfed.base(), takfed.adminToken());
        assertTrue(takfed.log().contains("the first administrator token is in"), "the first start says where the token is");
        assertFalse(takfed.log().contains(takfed.adminToken()), "and never prints the token itself");
        // Inbound: a dialled peer's link state moves on its own, and this compares every field before and after.
        assertEquals(201, api.post(SERVERS, jakarta.json.Json.createObjectBuilder(Peers.full("Keeps Everything"))
                .add("connection_type", "inbound").build()).status());
        assertEquals(201, api.post(SERVERS, Peers.minimal("Keeps Defaults").add("enabled", false).build()).status());
        JsonArray before = api.get(SERVERS).json().getJsonArray("servers");
        String nodeBefore = api.get("/api/federation/health").json().getJsonObject("health").getString("node_id");
        String identityBefore = transportFingerprint(api);

        takfed.restart();

        Api again = new Api(takfed.base(), takfed.adminToken());
        assertEquals(200, again.get(SERVERS).status(), "the administrator token still works");
        assertEquals(before, again.get(SERVERS).json().getJsonArray("servers"), "every peer and field is kept");
        assertEquals(nodeBefore, again.get("/api/federation/health").json().getJsonObject("health").getString("node_id"));
        assertEquals(identityBefore, transportFingerprint(again), "the federation identity is kept");
        assertFalse(takfed.log().contains("administrator token (shown once"), "the token is printed only once");
        assertFalse(takfed.log().contains(Peers.keyFingerprintLine()));
        JsonObject kept = before.stream().map(v -> v.asJsonObject())
                .filter(s -> s.getString("name").equals("Keeps Everything")).findFirst().orElseThrow();
        assertTrue(kept.getBoolean("has_client_key"));
        assertEquals(List.of("Operation-Alpha", "Training-*").size(), kept.getJsonArray("mission_filter").size());
    }

    private static String transportFingerprint(Api api) throws Exception {
        return api.as(null).get("/health/ready").json().getJsonArray("checks").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals("federation-transport")).findFirst().orElseThrow()
                .getJsonObject("data").getString("fingerprint_sha256");
    }
}
