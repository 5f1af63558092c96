package io.takfed.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.DevelopmentPki;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Waiting for federation servers to reach a state, and approving them, through the admin API. */
final class PeerStates {

    private static final String SERVERS = "/api/federation/servers";

    private PeerStates() {
    }

    /** The id of the first server matching the condition, polling the list for up to 30 s. */
    static long await(Api api, Predicate<JsonObject> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            Api.Reply reply = api.get(SERVERS);
            last = reply.body();
            for (var value : reply.json().getJsonArray("servers")) {
                JsonObject peer = value.asJsonObject();
                if (condition.test(peer)) {
                    return peer.getJsonNumber("id").longValue();
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no federation server reached the expected state; servers: " + last);
    }

    /** The server with the id once it matches the condition, polling it for up to 30 s. */
    static JsonObject awaitServer(Api api, long id, Predicate<JsonObject> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            last = api.get(SERVERS + "/" + id).json().getJsonObject("server");
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("server " + id + " never reached the expected state; last: " + last);
    }

    static Predicate<JsonObject> certificate(DevelopmentPki.Issued who) {
        String fingerprint = CertificateIdentity.fingerprint(who.certificate());
        return peer -> fingerprint.equals(peer.getString("fingerprint", ""));
    }

    static Predicate<JsonObject> status(String status) {
        return peer -> status.equals(peer.getString("status"));
    }

    /** Approves a server: enabled, with the group blue both ways. */
    static void approve(Api api, long id) throws Exception {
        approve(api, id, Json.createObjectBuilder());
    }

    /** Approves a server as {@link #approve(Api, long)} does, with the {@code fields} given set as well. */
    static void approve(Api api, long id, jakarta.json.JsonObjectBuilder fields) throws Exception {
        Api.Reply approved = api.put(SERVERS + "/" + id, fields.add("enabled", true)
                .add("inbound_groups", Json.createArrayBuilder().add("blue"))
                .add("outbound_groups", Json.createArrayBuilder().add("blue")).build());
        assertEquals(200, approved.status(), approved.body());
    }

    /** The federation certificate's fingerprint a running takfed reports in its readiness data. */
    static String fingerprintOf(TakfedProcess takfed) throws Exception {
        return new Api(takfed.base(), null).get("/health/ready").json().getJsonArray("checks").stream()
                .map(v -> v.asJsonObject()).filter(c -> c.getString("name").equals("federation-transport"))
                .findFirst().orElseThrow().getJsonObject("data").getString("fingerprint_sha256");
    }

    /** Y's peer for the hub X, and X's peer for Y, once Y dialled X over v2 and X approved it. */
    record Link(long hubAtY, long yAtX) {
    }

    /**
     * The mission tests' topology: Y dials X over v2 (X's CA given on the peer, a 1 s reconnect interval, blue both
     * ways), X approves Y's pending peer with blue, and both wait until Y's link is connected.
     */
    static Link yDialsX(Api apiX, Api apiY, TakfedProcess x, TakfedProcess y) throws Exception {
        Api.Reply hub = apiY.post(SERVERS, Json.createObjectBuilder().add("name", "hub-x")
                .add("address", "localhost").add("port", x.v2Port())
                .add("ca_certificate", java.nio.file.Files.readString(x.dataDirectory().resolve("pki/ca.pem")))
                .add("reconnect_interval", 1)
                .add("inbound_groups", Json.createArrayBuilder().add("blue"))
                .add("outbound_groups", Json.createArrayBuilder().add("blue")).build());
        assertEquals(201, hub.status(), hub.body());
        long hubId = hub.json().getJsonObject("server").getJsonNumber("id").longValue();
        String yFingerprint = fingerprintOf(y);
        long yAtX = await(apiX, p -> yFingerprint.equals(p.getString("fingerprint", ""))
                && p.getString("status").equals("pending_approval"));
        approve(apiX, yAtX);
        await(apiY, p -> p.getJsonNumber("id").longValue() == hubId && p.getString("status").equals("connected"));
        return new Link(hubId, yAtX);
    }
}
