package io.takfed.api.servers;

import io.takfed.connector.api.LinkReport;
import io.takfed.connector.api.ProbeResult;
import io.takfed.connector.api.ProbeStage;
import io.takfed.peers.PeerView;
import io.takfed.peers.SyncStats;
import io.takfed.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/** The seed document's JSON for a federation server, its status and a connection test. */
final class PeerJsonWriter {

    private PeerJsonWriter() {
    }

    static JsonObject server(PeerView p) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", p.id())
                .add("name", p.name());
        text(json, "description", p.description());
        text(json, "address", p.address());
        text(json, "domain", p.domain());
        json.add("port", p.port())
                .add("connection_type", p.connectionType())
                .add("protocol_version", p.protocolVersion())
                .add("transport_protocol", p.transportProtocol())
                .add("use_tls", p.useTls())
                .add("verify_ssl", p.verifySsl());
        text(json, "ca_certificate", p.caCertificate());
        text(json, "client_certificate", p.clientCertificate());
        json.add("certificate_findings", certificateFindings(p));
        json.add("has_client_key", p.hasClientKey())
                .add("sync_missions", p.syncMissions())
                .add("sync_cot", p.syncCot());
        strings(json, "mission_filter", p.missionFilter());
        text(json, "fingerprint", p.fingerprint());
        strings(json, "inbound_groups", p.inboundGroups());
        strings(json, "outbound_groups", p.outboundGroups());
        json.add("max_hops", p.maxHops());
        number(json, "reconnect_interval", p.reconnectInterval() == null ? null : p.reconnectInterval().longValue());
        json.add("max_retries", p.maxRetries()).add("retry_count", p.retryCount());
        time(json, "next_attempt_at", p.nextAttemptAt());
        number(json, "fallback_server_id", p.fallbackServerId());
        controls(json, p.controls());
        json.add("enabled", p.enabled()).add("status", p.status());
        time(json, "last_connected", p.lastConnected());
        text(json, "last_error", p.lastError());
        text(json, "node_id", p.nodeId());
        time(json, "created_at", p.createdAt());
        time(json, "updated_at", p.updatedAt());
        return json.build();
    }

    /** TAK 5.7's per-federate controls and the groups the peer advertised. */
    private static void controls(JsonObjectBuilder json, io.takfed.peers.PeerControls c) {
        JsonObjectBuilder mapping = Json.createObjectBuilder();
        c.inboundGroupMapping().forEach((remote, locals) -> mapping.add(remote, array(locals)));
        JsonObjectBuilder limits = Json.createObjectBuilder();
        c.outboundGroupHopLimits().forEach(limits::add);
        JsonObjectBuilder missions = Json.createObjectBuilder();
        c.missionFederation().forEach(missions::add);
        json.add("federated_group_mapping", c.federatedGroupMapping()).add("inbound_group_mapping", mapping)
                .add("automatic_group_mapping", c.automaticGroupMapping())
                .add("fallback_when_no_group_mappings", c.fallbackWhenNoGroupMappings())
                .add("use_group_hop_limiting", c.useGroupHopLimiting()).add("outbound_group_hop_limits", limits)
                .add("mission_federate_default", c.missionFederateDefault()).add("mission_federation", missions)
                .add("share_alerts", c.shareAlerts()).add("remote_groups", array(c.remoteGroups()));
    }

    private static JsonArrayBuilder array(java.util.List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    /**
     * What the federation checks find in the stored certificates right now (they age: "expires soon" appears by
     * itself), each with its field, stable label, severity and what to do.
     */
    static JsonArrayBuilder certificateFindings(PeerView p) {
        JsonArrayBuilder findings = Json.createArrayBuilder();
        java.time.Instant now = java.time.Instant.now();
        addFindings(findings, "client_certificate", p.clientCertificate(),
                chain -> io.takfed.pki.CertificateCheck.federation(chain, now));
        addFindings(findings, "ca_certificate", p.caCertificate(),
                chain -> io.takfed.pki.CertificateCheck.authorities(chain, now));
        return findings;
    }

    private static void addFindings(JsonArrayBuilder findings, String field, String pem,
            java.util.function.Function<java.util.List<java.security.cert.X509Certificate>,
                    java.util.List<io.takfed.pki.CertificateCheck.Finding>> check) {
        if (pem == null) {
            return;
        }
        try {
            for (var finding : check.apply(io.takfed.pki.Pem.certificates(pem))) {
                findings.add(Json.createObjectBuilder().add("field", field).add("label", finding.label())
                        .add("severity", finding.severity().name().toLowerCase(java.util.Locale.ROOT))
                        .add("explanation", finding.explanation()));
            }
        } catch (io.takfed.pki.PemException e) {
            findings.add(Json.createObjectBuilder().add("field", field).add("label", "invalid-certificate")
                    .add("severity", "error").add("explanation", "the stored PEM no longer parses"));
        }
    }

    /** The link's live counters come from the transport; a peer without a link shows zeros, never guesses. */
    static JsonObject status(PeerView p, SyncStats stats, io.takfed.missions.DeliveryState delivery,
                             java.util.Map<io.takfed.missions.ApplyOutcome.Kind, Long> received,
                             java.util.Optional<LinkReport> link) {
        JsonObjectBuilder server = Json.createObjectBuilder().add("id", p.id()).add("name", p.name())
                .add("status", p.status()).add("enabled", p.enabled());
        time(server, "last_connected", p.lastConnected());
        text(server, "last_error", p.lastError());
        server.add("events_in", link.map(LinkReport::eventsIn).orElse(0L))
                .add("events_out", link.map(LinkReport::eventsOut).orElse(0L))
                .add("events_dropped", link.map(LinkReport::eventsDropped).orElse(0L));
        time(server, "last_event_at", link.map(LinkReport::lastEventAt).orElse(null));
        text(server, "remote_address", link.map(LinkReport::remoteAddress).orElse(null));
        text(server, "protocol", link.map(LinkReport::protocol).orElse(null));
        JsonObjectBuilder closures = Json.createObjectBuilder();
        link.map(LinkReport::closures).orElse(java.util.Map.of()).forEach(closures::add);
        server.add("link_failures", closures);
        return Json.createObjectBuilder().add("server", server)
                .add("stats", Json.createObjectBuilder()
                        .add("total_changes", stats.totalChanges())
                        .add("sent_changes", stats.sentChanges())
                        .add("pending_changes", stats.pendingChanges())
                        .add("failed_changes", stats.failedChanges()))
                .add("delivery", delivery(delivery))
                .add("received", received(received))
                .build();
    }

    /** What became of the mission changes the peer sent, since start: {@code applied}, {@code duplicate}, ... */
    private static JsonObjectBuilder received(java.util.Map<io.takfed.missions.ApplyOutcome.Kind, Long> counts) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        counts.forEach((kind, count) -> json.add(kind.name().toLowerCase(java.util.Locale.ROOT), count));
        return json;
    }

    /** Mission delivery's cursor and retry state: why a peer with pending changes is not receiving them. */
    private static JsonObjectBuilder delivery(io.takfed.missions.DeliveryState d) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("started", d.started())
                .add("delivered_seq", d.deliveredSeq()).add("consecutive_failures", d.consecutiveFailures());
        time(json, "next_attempt_at", d.nextAttemptAt());
        text(json, "last_error", d.lastError());
        text(json, "blocked_by", d.blockedBy() == null ? null : d.blockedBy().label());
        time(json, "disconnected_at", d.disconnectedAt());
        // What the live session carries, and whether its confirmations wait for the peer's commit.
        d.session().ifPresentOrElse(live -> json.add("in_flight", live.inFlight()).add("confirmed_by",
                live.confirmedBy()), () -> json.addNull("in_flight").addNull("confirmed_by"));
        return json;
    }

    static JsonObject test(PeerView p, ProbeResult r) {
        JsonArrayBuilder stages = Json.createArrayBuilder();
        int passed = r.lastStagePassed() == null ? -1 : r.lastStagePassed().ordinal();
        ProbeStage last = p.useTls() ? ProbeStage.PROTOCOL : ProbeStage.TCP;
        for (ProbeStage stage : ProbeStage.values()) {
            if (stage.ordinal() > last.ordinal()) {
                break;
            }
            String outcome = stage.ordinal() <= passed ? "passed" : stage.ordinal() == passed + 1 ? "failed" : "skipped";
            stages.add(Json.createObjectBuilder().add("stage", stage.label()).add("result", outcome));
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("server_id", p.id())
                .add("target", p.address() == null ? "SRV " + p.domain() : p.address() + ":" + p.port())
                .add("passed", r.succeeded())
                .add("stages", stages);
        text(json, "stage_reached", r.lastStagePassed() == null ? null : r.lastStagePassed().label());
        text(json, "error", r.failure() == null ? null : r.failure().label());
        text(json, "error_log_id", r.failure() == null ? null : r.failure().logId());
        json.add("detail", r.detail()).add("elapsed_ms", r.elapsedMillis());
        text(json, "tls_protocol", r.tlsProtocol());
        text(json, "cipher_suite", r.cipherSuite());
        if (r.peerFingerprint() != null) {
            JsonObjectBuilder cert = Json.createObjectBuilder().add("subject", r.peerSubject())
                    .add("issuer", r.peerIssuer()).add("fingerprint_sha256", r.peerFingerprint());
            time(cert, "not_after", r.peerNotAfter());
            json.add("peer_certificate", cert);
        }
        return json.build();
    }

    private static void number(JsonObjectBuilder json, String name, Long value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }

    private static void strings(JsonObjectBuilder json, String name, java.util.List<String> values) {
        if (values == null) {
            json.addNull(name);
        } else {
            json.add(name, array(values));
        }
    }

    private static void text(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }

    private static void time(JsonObjectBuilder json, String name, Instant value) {
        text(json, name, value == null ? null : value.toString());
    }
}
