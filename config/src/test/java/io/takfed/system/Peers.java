package io.takfed.system;

import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.InetAddress;
import java.util.List;

/** Request bodies for federation servers, with real BouncyCastle-issued certificates. */
final class Peers {

    static final DevelopmentPki.Issued PEER_CA = DevelopmentPki.certificateAuthority("Peer Site CA");
    static final DevelopmentPki.Issued CLIENT = DevelopmentPki.federationCertificate(PEER_CA, "takfed-client",
            List.of("takfed-client"), List.of());
    static final DevelopmentPki.Issued PEER_SERVER = DevelopmentPki.federationCertificate(PEER_CA, "localhost",
            List.of("localhost"), List.of(InetAddress.getLoopbackAddress()));

    private Peers() {
    }

    static JsonObjectBuilder minimal(String name) {
        // Loopback only: enabled outbound v2 peers are really dialled, and tests target nothing else.
        return Json.createObjectBuilder().add("name", name).add("address", "127.0.0.1").add("port", 9001);
    }

    /** Every field of the seed document, client key included. */
    static JsonObject full(String name) {
        return minimal(name).add("description", "Federation to Site B").add("connection_type", "outbound")
                .add("protocol_version", "v2").add("transport_protocol", "tcp").add("use_tls", true)
                .add("verify_ssl", true).add("ca_certificate", Pem.write(PEER_CA.certificate()))
                .add("client_certificate", Pem.write(CLIENT.chain().toArray()))
                .add("client_key", Pem.pkcs8(CLIENT.key())).add("sync_missions", true).add("sync_cot", false)
                .add("mission_filter", Json.createArrayBuilder().add("Operation-Alpha").add("Training-*"))
                .add("enabled", true).build();
    }

    /** A line of the client key's base64 body: if it shows up anywhere, the key leaked. */
    static String keyFingerprintLine() {
        return Pem.pkcs8(CLIENT.key()).lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }
}
