package io.takfed.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.auth.Role;
import io.takfed.auth.TokenCatalog;
import io.takfed.node.NodeIds;
import io.takfed.peers.NameTakenException;
import io.takfed.peers.PeerCatalog;
import io.takfed.peers.PeerField;
import io.takfed.peers.PeerNotFoundException;
import io.takfed.peers.PeerPatch;
import io.takfed.peers.PeerView;
import io.takfed.peers.ValidationException;
import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.Pem;
import io.takfed.secrets.MasterKey;
import io.takfed.secrets.SecretCipher;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What takfed relies on from its database, run against every database it supports: migrations apply, peers
 * keep every field across a restart, names are unique, keys are ciphertext at rest, tokens and node id persist.
 */
abstract class PersistenceContract {

    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Peer CA");
    private static final DevelopmentPki.Issued CLIENT =
            DevelopmentPki.federationCertificate(CA, "client", List.of("client"), List.of());
    private static final byte[] MASTER = new byte[32];
    private static final SecretCipher CIPHER = new SecretCipher(MasterKey.of(MASTER));

    private EntityManagerFactory emf;

    /** A data source on the database under test; the same database every call. */
    protected abstract DataSource dataSource();

    /** Simulates a process restart: every connection and cache is dropped. */
    protected abstract void restart();

    private EntityManagerFactory emf() {
        if (emf == null) {
            SchemaMigration.flyway(dataSource(), getClass().getClassLoader(), CIPHER).migrate();
            emf = Persistence.createEntityManagerFactory("takfed-test",
                    Map.of("jakarta.persistence.nonJtaDataSource", dataSource()));
        }
        return emf;
    }

    private void reopen() {
        emf.close();
        emf = null;
        restart();
    }

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
    }

    private <T> T tx(Function<EntityManager, T> work) {
        return LocalTransactions.apply(emf(), work);
    }

    private static PeerCatalog peers(EntityManager em) {
        return new PeerCatalog(em, CIPHER);
    }

    private static PeerPatch full(String name) {
        return new PeerPatch().set(PeerField.NAME, name).set(PeerField.DESCRIPTION, "Site B")
                .set(PeerField.ADDRESS, "tak.example.org").set(PeerField.PORT, 9001)
                .set(PeerField.CONNECTION_TYPE, "outbound").set(PeerField.PROTOCOL_VERSION, "v1")
                .set(PeerField.TRANSPORT_PROTOCOL, "tcp").set(PeerField.USE_TLS, true)
                .set(PeerField.VERIFY_SSL, false).set(PeerField.CA_CERTIFICATE, Pem.write(CA.certificate()))
                .set(PeerField.CLIENT_CERTIFICATE, Pem.write(CLIENT.chain().toArray()))
                .set(PeerField.CLIENT_KEY, Pem.pkcs8(CLIENT.key())).set(PeerField.SYNC_MISSIONS, false)
                .set(PeerField.SYNC_COT, true).set(PeerField.MISSION_FILTER, List.of("Operation-Alpha", "Training-*"))
                .set(PeerField.ENABLED, false);
    }

    @Test
    void everyFieldSurvivesARestartAndTheKeyIsCiphertextAtRest() throws Exception {
        PeerView created = tx(em -> peers(em).create(full("Remote TAK Server")));
        reopen();
        PeerView read = tx(em -> peers(em).get(created.id()));
        assertEquals(created, read);
        assertEquals("disabled", read.status());
        assertEquals(List.of("Operation-Alpha", "Training-*"), read.missionFilter());
        assertTrue(read.hasClientKey());
        assertFalse(read.verifySsl());

        try (Connection c = dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select client_key_ciphertext from federation_server where id = " + created.id())) {
            assertTrue(rs.next());
            String stored = rs.getString(1);
            assertTrue(stored.startsWith("v1:"));
            assertFalse(stored.contains("PRIVATE KEY"));
        }
        var credentials = tx(em -> peers(em).credentials(created.id()));
        assertTrue(io.takfed.pki.KeyMatch.matches(credentials.clientKey().orElseThrow(), CLIENT.certificate()));
    }

    @Test
    void aClientKeyMovedIntoAnotherPeersRowDoesNotDecryptThere() throws Exception {
        PeerView first = tx(em -> peers(em).create(full("Key owner")));
        PeerView second = tx(em -> peers(em).create(full("Key thief")));
        try (Connection c = dataSource().getConnection(); var copy = c.prepareStatement("update federation_server "
                + "set client_key_ciphertext = (select client_key_ciphertext from federation_server where id = ?) "
                + "where id = ?")) {
            copy.setLong(1, first.id());
            copy.setLong(2, second.id());
            assertEquals(1, copy.executeUpdate());
        }
        assertTrue(tx(em -> peers(em).credentials(first.id())).clientKey().isPresent(), "the owner's still reads");
        assertThrows(SecretCipher.SecretUnreadableException.class,
                () -> tx(em -> peers(em).credentials(second.id())), "sealed for its peer, it opens for no other");
    }

    @Test
    void aClientKeySealedBeforeV18IsBoundToItsPeerByIt() throws Exception {
        migrateUpTo("17");
        try (Connection c = dataSource().getConnection(); var insert = c.prepareStatement("insert into "
                + "federation_server (version, name, address, port, connection_type, protocol_version, "
                + "transport_protocol, use_tls, verify_ssl, sync_missions, sync_cot, enabled, status, created_at, "
                + "updated_at, client_certificate, client_key_ciphertext) values (0, 'old key', 'tak.example.org', "
                + "9001, 'outbound', 'v2', 'tcp', true, true, true, true, false, 'disabled', ?, ?, ?, ?)")) {
            insert.setObject(1, java.time.OffsetDateTime.now());
            insert.setObject(2, java.time.OffsetDateTime.now());
            insert.setString(3, Pem.write(CLIENT.chain().toArray()));
            insert.setString(4, CIPHER.encrypt(Pem.pkcs8(CLIENT.key()), PeerCatalog.KEY_PURPOSE));
            insert.executeUpdate();
        }
        long id = tx(em -> peers(em).list()).get(0).id();
        var key = tx(em -> peers(em).credentials(id)).clientKey().orElseThrow();
        assertTrue(io.takfed.pki.KeyMatch.matches(key, CLIENT.certificate()), "read after V18 re-sealed it");
        try (Connection c = dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "select client_key_ciphertext from federation_server where id = " + id)) {
            assertTrue(rs.next());
            String stored = rs.getString(1);
            assertThrows(SecretCipher.SecretUnreadableException.class,
                    () -> CIPHER.decrypt(stored, PeerCatalog.KEY_PURPOSE), "no longer sealed for the column alone");
        }
    }

    @Test
    void aSynchronisationRoundThatChangesNothingWritesNoPeerRow() throws Exception {
        PeerView created = tx(em -> peers(em).create(full("Quiet row")));
        long before = version(created.id());
        for (int round = 0; round < 3; round++) {
            tx(em -> {
                var links = new io.takfed.peers.PeerLinks(em);
                links.reconcile(List.of());
                links.advertised(java.util.Map.of());
                return links.routingTable("node-test");
            });
        }
        // A written row takes the peer's lock: a round that wrote every row every 2 s raced each operator's change.
        assertEquals(before, version(created.id()), "no round rewrote the row");
    }

    private long version(long id) throws SQLException {
        try (Connection c = dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "select version from federation_server where id = " + id)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void namesAreUniqueAndAMissingIdIsNotFound() {
        tx(em -> peers(em).create(full("Unique")));
        assertThrows(NameTakenException.class, () -> tx(em -> peers(em).create(full("Unique"))));
        assertThrows(PeerNotFoundException.class, () -> tx(em -> peers(em).get(999_999)));
    }

    @Test
    void updatesArePartialAndRevalidated() {
        PeerView created = tx(em -> peers(em).create(new PeerPatch().set(PeerField.NAME, "Partial")
                .set(PeerField.ADDRESS, "10.0.0.2").set(PeerField.PORT, 9000)));
        assertEquals("v2", created.protocolVersion());
        assertNull(created.missionFilter());
        assertEquals("disconnected", created.status());

        PeerView updated = tx(em -> peers(em).update(created.id(), new PeerPatch().set(PeerField.PORT, 9100)
                .set(PeerField.MISSION_FILTER, List.of()).set(PeerField.ENABLED, false)));
        assertEquals(9100, updated.port());
        assertEquals("10.0.0.2", updated.address());
        assertEquals(List.of(), updated.missionFilter(), "an empty filter is kept apart from null");
        assertEquals("disabled", updated.status());
        assertNotEquals(created.updatedAt(), updated.updatedAt());

        ValidationException invalid = assertThrows(ValidationException.class, () -> tx(em -> peers(em)
                .update(created.id(), new PeerPatch().set(PeerField.PROTOCOL_VERSION, "v9"))));
        assertEquals("protocol_version", invalid.errors().get(0).field());
        assertEquals(9100, tx(em -> peers(em).get(created.id())).port(), "a rejected update changes nothing");
    }

    @Test
    void aNewCertificateMustMatchTheStoredKey() {
        PeerView created = tx(em -> peers(em).create(full("Keyed")));
        var other = DevelopmentPki.federationCertificate(CA, "other", List.of("other"), List.of());
        ValidationException mismatch = assertThrows(ValidationException.class, () -> tx(em -> peers(em)
                .update(created.id(), new PeerPatch().set(PeerField.CLIENT_CERTIFICATE, Pem.write(other.certificate())))));
        assertEquals("key-certificate-mismatch", mismatch.errors().get(0).label());
        PeerView cleared = tx(em -> peers(em).update(created.id(), new PeerPatch()
                .set(PeerField.CLIENT_CERTIFICATE, null).set(PeerField.CLIENT_KEY, null)));
        assertFalse(cleared.hasClientKey());
    }

    @Test
    void deleteRemovesThePeer() {
        PeerView created = tx(em -> peers(em).create(full("Doomed")));
        tx(em -> {
            peers(em).delete(created.id());
            return null;
        });
        assertThrows(PeerNotFoundException.class, () -> tx(em -> peers(em).get(created.id())));
    }

    /** What FederationSync does with the transport's link reports, in one transaction. */
    private void reconcile(List<io.takfed.connector.api.LinkReport> links) {
        tx(em -> {
            new io.takfed.peers.PeerLinks(em).reconcile(links);
            return null;
        });
    }

    private PeerView peerWith(String fingerprint) {
        return tx(em -> peers(em).list()).stream().filter(p -> fingerprint.equals(p.fingerprint())).findFirst()
                .orElseThrow();
    }

    private static io.takfed.connector.api.LinkReport link(String fingerprint, boolean federate) {
        return new io.takfed.connector.api.LinkReport(fingerprint, "site-x:Peer Site CA", "CN=site-x", "CN=Peer Site CA",
                "-----BEGIN CERTIFICATE-----", "v2", "/127.0.0.1:40000", java.time.Instant.now(), federate, 3, 2, 1,
                java.time.Instant.now(), "inbound", 0, "connected", null, null, java.util.Map.of());
    }

    @Test
    void anUnknownCertificateBecomesAPendingPeerThatRoutesNothingUntilApproved() {
        String fingerprint = io.takfed.pki.CertificateIdentity.fingerprint(CLIENT.certificate());
        reconcile(List.of(link(fingerprint, true)));
        PeerView pending = peerWith(fingerprint);
        assertEquals("pending_approval", pending.status());
        assertEquals("pending-approval", pending.lastError());
        assertFalse(pending.enabled());
        assertEquals("127.0.0.1", pending.address());
        assertTrue(tx(em -> new io.takfed.peers.PeerLinks(em).routingTable("n")).byFingerprint().isEmpty());

        tx(em -> peers(em).update(pending.id(), new PeerPatch().set(PeerField.ENABLED, true)
                .set(PeerField.INBOUND_GROUPS, List.of("blue")).set(PeerField.OUTBOUND_GROUPS, List.of("blue"))));
        reconcile(List.of(link(fingerprint, true)));
        assertNull(tx(em -> peers(em).get(pending.id())).lastError(), "approved: pending-approval is cleared");
        tx(em -> peers(em).update(pending.id(), new PeerPatch().set(PeerField.INBOUND_GROUPS, List.of())));
        reconcile(List.of(link(fingerprint, true)));
        PeerView noGroups = tx(em -> peers(em).get(pending.id()));
        assertEquals("connected", noGroups.status());
        assertEquals("no-groups", noGroups.lastError(), "connected but sharing nothing is said, not hidden");

        tx(em -> peers(em).update(pending.id(), new PeerPatch().set(PeerField.INBOUND_GROUPS, List.of("blue"))
                .set(PeerField.OUTBOUND_GROUPS, List.of("blue", "red"))));
        reconcile(List.of(link(fingerprint, true)));
        assertNull(tx(em -> peers(em).get(pending.id())).lastError());
        var policy = tx(em -> new io.takfed.peers.PeerLinks(em).routingTable("n")).peer(fingerprint).orElseThrow();
        assertEquals(java.util.Set.of("blue", "red"), policy.outboundGroups());

        reconcile(List.of());
        assertEquals("disconnected", tx(em -> peers(em).get(pending.id())).status());
        assertThrows(ValidationException.class, () -> tx(em -> peers(em).create(full("Same Cert")
                .set(PeerField.FINGERPRINT, fingerprint))), "one peer per certificate");
    }

    /** A clock the test moves by hand. */
    private static final class TestClock extends java.time.Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    /** Records what the reconnect logic asks of the transport. */
    private static final class RecordingDialer implements io.takfed.peers.OutboundPeers.Dialer {
        final java.util.List<io.takfed.connector.api.DialRequest> dials = new java.util.ArrayList<>();
        final java.util.List<Long> hangUps = new java.util.ArrayList<>();

        @Override
        public void dial(io.takfed.connector.api.DialRequest request) {
            dials.add(request);
        }

        @Override
        public void hangUp(long peerId) {
            hangUps.add(peerId);
        }
    }

    private static io.takfed.connector.api.LinkReport outbound(long peerId, String state, String failure) {
        return new io.takfed.connector.api.LinkReport("AB:CD", "x:y", "CN=x", "CN=y", null, "v2", "hub:9001",
                java.time.Instant.parse("2026-01-01T00:00:00Z"), "connected".equals(state), 0, 0, 0, null,
                "outbound", peerId, state, failure, "detail", java.util.Map.of());
    }

    @Test
    void outboundPeersReconnectWithTaksSemanticsAndPersistTheirAttempts() {
        TestClock clock = new TestClock();
        RecordingDialer dialer = new RecordingDialer();
        PeerView fallback = tx(em -> peers(em).create(new PeerPatch().set(PeerField.NAME, "Backup Hub")
                .set(PeerField.ADDRESS, "10.0.0.9").set(PeerField.PORT, 9001).set(PeerField.ENABLED, false)));
        PeerView hub = tx(em -> peers(em).create(full("Hub").set(PeerField.ADDRESS, "10.0.0.8").set(PeerField.PROTOCOL_VERSION, "v2")
                .set(PeerField.RECONNECT_INTERVAL, 30).set(PeerField.MAX_RETRIES, 2)
                .set(PeerField.FALLBACK_SERVER_ID, (int) fallback.id()).set(PeerField.ENABLED, true)));
        java.util.function.Consumer<java.util.List<io.takfed.connector.api.LinkReport>> sync = links -> tx(em -> {
            new io.takfed.peers.OutboundPeers(em, peers(em), dialer, clock, java.time.Duration.ofSeconds(60), "node-1")
                    .reconcile(links);
            return null;
        });

        sync.accept(List.of());
        assertEquals(1, dialer.dials.size(), "an enabled outbound peer is dialled at once");
        assertEquals("10.0.0.8", dialer.dials.get(0).host());
        assertTrue(io.takfed.pki.KeyMatch.matches(dialer.dials.get(0).clientKey(), CLIENT.certificate()),
                "with its own decrypted client key");
        assertEquals("connecting", tx(em -> peers(em).get(hub.id())).status());

        for (int attempt = 1; attempt <= 2; attempt++) {
            sync.accept(List.of(outbound(hub.id(), "failed", "federation-connection-refused")));
            reopen();
            PeerView waiting = tx(em -> peers(em).get(hub.id()));
            assertEquals("waiting_to_retry", waiting.status());
            assertEquals("federation-connection-refused", waiting.lastError());
            assertEquals(clock.instant().plusSeconds(30), waiting.nextAttemptAt(), "kept across a restart");
            int dialsBefore = dialer.dials.size();
            clock.advance(java.time.Duration.ofSeconds(29));
            sync.accept(List.of());
            assertEquals(dialsBefore, dialer.dials.size(), "not before the interval");
            clock.advance(java.time.Duration.ofSeconds(2));
            sync.accept(List.of());
            assertEquals(dialsBefore + 1, dialer.dials.size());
            assertEquals(attempt, tx(em -> peers(em).get(hub.id())).retryCount());
        }
        sync.accept(List.of(outbound(hub.id(), "failed", "federation-tls-error")));
        clock.advance(java.time.Duration.ofSeconds(31));
        sync.accept(List.of());
        PeerView exhausted = tx(em -> peers(em).get(hub.id()));
        assertFalse(exhausted.enabled(), "retries used up: disabled, as TAK does");
        assertEquals("disabled", exhausted.status());
        assertEquals("federation-tls-error", exhausted.lastError());
        assertTrue(tx(em -> peers(em).get(fallback.id())).enabled(), "and its fallback is enabled");
        assertTrue(dialer.hangUps.contains(hub.id()));

        tx(em -> peers(em).update(hub.id(), new PeerPatch().set(PeerField.ENABLED, true)));
        sync.accept(List.of(outbound(hub.id(), "connected", null)));
        PeerView up = tx(em -> peers(em).get(hub.id()));
        assertEquals("connected", up.status());
        assertEquals("AB:CD", up.fingerprint(), "the certificate is pinned on first connection");
        assertEquals("no-groups", up.lastError());
    }

    @Test
    void v1PeersAreDialledOnV1ADuplicateDisablesAndAProtocolSwitchRedials() {
        TestClock clock = new TestClock();
        RecordingDialer dialer = new RecordingDialer();
        PeerView site = tx(em -> peers(em).create(full("V1 Site").set(PeerField.ADDRESS, "10.0.0.7")
                .set(PeerField.PORT, 9000).set(PeerField.PROTOCOL_VERSION, "v1").set(PeerField.ENABLED, true)));
        java.util.function.Consumer<java.util.List<io.takfed.connector.api.LinkReport>> sync = links -> tx(em -> {
            new io.takfed.peers.OutboundPeers(em, peers(em), dialer, clock, java.time.Duration.ofSeconds(60), "node-1")
                    .reconcile(links);
            return null;
        });
        sync.accept(List.of());
        assertEquals("v1", dialer.dials.get(0).protocol(), "an outbound v1 peer is dialled on v1");
        assertEquals(9000, dialer.dials.get(0).port());

        String pinned = String.join(":", java.util.Collections.nCopies(32, "EF"));
        io.takfed.connector.api.LinkReport v1Up = new io.takfed.connector.api.LinkReport(pinned, "x:y", "CN=x",
                "CN=y", null, "v1", "10.0.0.7:9000", java.time.Instant.parse("2026-01-01T00:00:00Z"), true, 0, 0, 0,
                null, "outbound", site.id(), "connected", null, null, java.util.Map.of());
        sync.accept(List.of(v1Up));
        assertEquals("connected", tx(em -> peers(em).get(site.id())).status());
        tx(em -> peers(em).update(site.id(), new PeerPatch().set(PeerField.PROTOCOL_VERSION, "v2")
                .set(PeerField.PORT, 9001)));
        sync.accept(List.of(v1Up));
        assertTrue(dialer.hangUps.contains(site.id()), "the v1 link goes when the peer is switched to v2");
        assertEquals("v2", dialer.dials.get(dialer.dials.size() - 1).protocol(), "and v2 is dialled at once");

        sync.accept(List.of(new io.takfed.connector.api.LinkReport(pinned, "x:y", "CN=x", "CN=y", null, "v2",
                "10.0.0.7:9001", java.time.Instant.now(), false, 0, 0, 0, null, "outbound", site.id(), "failed",
                "duplicate-connection", "already linked", java.util.Map.of())));
        PeerView duplicate = tx(em -> peers(em).get(site.id()));
        assertFalse(duplicate.enabled(), "TAK's outgoing role: a duplicate disables the outgoing");
        assertEquals("duplicate-connection", duplicate.lastError());
    }

    @Test
    void anInboundLinkClosedForBadInputLeavesItsLabelOnThePeer() {
        String fingerprint = io.takfed.pki.CertificateIdentity.fingerprint(CLIENT.certificate());
        PeerView peer = tx(em -> peers(em).create(full("V1 Federate").set(PeerField.CONNECTION_TYPE, "inbound")
                .set(PeerField.PROTOCOL_VERSION, "v1").set(PeerField.FINGERPRINT, fingerprint)
                .set(PeerField.INBOUND_GROUPS, List.of("blue")).set(PeerField.OUTBOUND_GROUPS, List.of("blue"))
                .set(PeerField.ENABLED, true)));
        reconcile(List.of(link(fingerprint, true)));
        assertEquals("connected", tx(em -> peers(em).get(peer.id())).status());
        io.takfed.connector.api.LinkReport closed = new io.takfed.connector.api.LinkReport(fingerprint, "x:y", "CN=x",
                "CN=y", null, "v1", "/127.0.0.1:40000", java.time.Instant.now(), false, 4, 0, 0, null, "inbound", 0,
                "failed", "protocol-error", "Protocol message had invalid UTF-8", java.util.Map.of("protocol-error", 1L));
        reconcile(List.of(closed));
        PeerView after = tx(em -> peers(em).get(peer.id()));
        assertEquals("disconnected", after.status());
        assertEquals("protocol-error", after.lastError(), "the API says why the link went");
    }

    @Test
    void aRejectedCertificateIsDeniedByTheTableUntilEnabledAndAllowAllAdmitsWithoutApproval() {
        String fingerprint = io.takfed.pki.CertificateIdentity.fingerprint(CLIENT.certificate());
        reconcile(List.of(link(fingerprint, true)));
        PeerView pending = peerWith(fingerprint);
        PeerView rejected = tx(em -> peers(em).reject(pending.id()));
        assertEquals("rejected", rejected.status());
        assertEquals("federation-denied", rejected.lastError());
        var table = tx(em -> new io.takfed.peers.PeerLinks(em).routingTable("n"));
        assertEquals(Optional.of("an administrator rejected this certificate"), table.refusal(fingerprint));
        reconcile(List.of());
        assertEquals("rejected", tx(em -> peers(em).get(pending.id())).status(), "a rejection is kept");
        tx(em -> peers(em).update(pending.id(), new PeerPatch().set(PeerField.ENABLED, true)));
        assertTrue(tx(em -> new io.takfed.peers.PeerLinks(em).routingTable("n")).refusal(fingerprint).isEmpty(),
                "enabling lifts the rejection");
        tx(em -> {
            peers(em).delete(pending.id());
            return null;
        });

        tx(em -> {
            new io.takfed.peers.PeerLinks(em, io.takfed.connector.api.routing.FederationStrategy.ALLOW_ALL)
                    .reconcile(List.of(link(fingerprint, true)));
            return null;
        });
        PeerView admitted = peerWith(fingerprint);
        assertTrue(admitted.enabled(), "allowAll admits without approval");
        assertEquals("no-groups", admitted.lastError(), "and says that nothing flows until it has groups");
    }

    @Test
    void readinessReadsTheLatestMigrationWithOneQuery() {
        emf();
        String current = SchemaMigration.flyway(dataSource(), getClass().getClassLoader(), CIPHER).info().current()
                .getVersion().getVersion();
        assertEquals(current, SchemaMigration.latestVersion(dataSource()), "what Flyway says, without Flyway");
    }

    @Test
    void theNodeIdIsGeneratedOnceAndTheConfiguredOneWins() {
        String generated = tx(em -> NodeIds.resolve(em, Optional.empty()));
        reopen();
        assertEquals(generated, tx(em -> NodeIds.resolve(em, Optional.empty())));
        assertEquals("site-b-node", tx(em -> NodeIds.resolve(em, Optional.of("site-b-node"))));
        reopen();
        assertEquals("site-b-node", tx(em -> NodeIds.resolve(em, Optional.empty())));
    }

    @Test
    void tokensAuthenticateByHashOnlyAndCanBeRevoked() throws Exception {
        var issued = tx(em -> new TokenCatalog(em).issue("ops", Role.OBSERVER));
        reopen();
        var caller = tx(em -> new TokenCatalog(em).authenticate(issued.secret())).orElseThrow();
        assertEquals(Role.OBSERVER, caller.role());
        assertTrue(tx(em -> new TokenCatalog(em).authenticate(issued.secret() + "x")).isEmpty());
        try (Connection c = dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select token_hash from api_token")) {
            while (rs.next()) {
                assertFalse(rs.getString(1).contains(issued.secret()));
            }
        }
        boolean revoked = tx(em -> new TokenCatalog(em).revoke(issued.id()));
        assertTrue(revoked);
        assertTrue(tx(em -> new TokenCatalog(em).authenticate(issued.secret())).isEmpty());
    }

    private static io.takfed.missions.MissionCatalog missions(EntityManager em) {
        return new io.takfed.missions.MissionCatalog(em, "node-test", java.time.Clock.systemUTC());
    }

    private static io.takfed.missions.MissionDraft mission(String name) {
        return new io.takfed.missions.MissionDraft(name, null, "ANDROID-1", "drill", null, null, List.of("blue"));
    }

    @Test
    void aMissionWithMoreItemsThanTheIndexHoldsStillKnowsWhichItHas() throws Exception {
        // Bounds small enough to cross here: digests of the items, then (too many even for those) queries alone.
        for (var index : List.of(new io.takfed.missions.MissionIndex(10, 1_000),
                new io.takfed.missions.MissionIndex(10, 5))) {
            String name = "large-" + System.identityHashCode(index);
            java.util.function.Function<EntityManager, io.takfed.missions.MissionCatalog> large = em ->
                    new io.takfed.missions.MissionCatalog(em, "node-test", java.time.Clock.systemUTC(), index);
            List<String> first = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "uid-" + i).toList();
            tx(em -> large.apply(em).create(mission(name)));
            assertEquals(first, tx(em -> large.apply(em).addContent(name, first, List.of(), null)).uids());
            assertEquals(List.of("uid-30"), tx(em -> large.apply(em).addContent(name, List.of("uid-3", "uid-30"),
                    List.of(), null)).uids(), "only what it lacks is added");
            assertEquals(List.of("uid-4"), tx(em -> large.apply(em).removeContent(name, List.of("uid-4", "none"),
                    List.of(), null)).uids());
            assertEquals(List.of("uid-4"), tx(em -> large.apply(em).addContent(name, List.of("uid-4"), List.of(),
                    null)).uids(), "a removed item comes back");
            var uids = tx(em -> missions(em).get(name)).uids();
            assertEquals(31, uids.size());
            assertEquals(31, new java.util.HashSet<>(uids).size());
        }
    }

    @Test
    void everyMissionChangeIsLoggedOnceInOrderAsRolAndSurvivesARestart() throws Exception {
        long before = tx(em -> missions(em).lastSeq());
        tx(em -> missions(em).create(mission("ops1")));
        tx(em -> missions(em).addContent("ops1", List.of("uid-1", "uid-2"), List.of(), "ANDROID-1"));
        tx(em -> missions(em).addContent("ops1", List.of("uid-2"), List.of(), "ANDROID-1"));
        byte[] file = "the file's bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        tx(em -> missions(em).storeResource("ops1", "notes.txt", "text/plain", file, "ANDROID-1"));
        tx(em -> missions(em).storeResource("ops1", "notes.txt", "text/plain", file, "ANDROID-1"));
        tx(em -> missions(em).removeContent("ops1", List.of("uid-1", "not-there"), List.of(), "ANDROID-1"));
        reopen();

        var view = tx(em -> missions(em).get("ops1"));
        assertEquals(List.of("uid-2"), view.uids());
        String hash = view.hashes().get(0);
        assertEquals(64, hash.length());
        assertEquals("public", view.tool(), "federated by default, as TAK's public missions are");
        assertEquals(List.of("blue"), view.groups());
        assertTrue(java.util.Arrays.equals(file, tx(em -> missions(em).resource(hash)).getData()));

        var changes = tx(em -> missions(em).changes(before, 100));
        assertEquals(List.of("CREATE_MISSION", "ADD_CONTENT", "CREATE_RESOURCE", "ADD_CONTENT", "REMOVE_CONTENT"),
                changes.stream().map(io.takfed.missions.ChangeView::changeType).toList(),
                "a change that changes nothing appends nothing");
        for (int i = 1; i < changes.size(); i++) {
            assertTrue(changes.get(i).seq() > changes.get(i - 1).seq());
        }
        var add = io.takfed.missions.rol.RolReader.parseOne(changes.get(1).program());
        assertTrue(add.is("update", "mission"));
        assertEquals("ADD_CONTENT", add.parameters().getString("changeType"));
        assertEquals(2, add.parameters().getJsonObject("content").getJsonArray("uids").size());
        var stored = io.takfed.missions.rol.RolReader.parseOne(changes.get(2).program());
        assertTrue(stored.is("create", "resource"));
        assertEquals(hash, stored.parameters().getString("hash"));
        assertEquals(hash, changes.get(2).resourceHash(), "the bytes travel with it, by reference");
        assertEquals(List.of("node-test"), changes.get(0).provenance());

        tx(em -> {
            missions(em).delete("ops1");
            return null;
        });
        var last = tx(em -> missions(em).changes(changes.get(4).seq(), 10));
        assertEquals("DELETE_MISSION", last.get(0).changeType());
        assertTrue(io.takfed.missions.rol.RolReader.parseOne(last.get(0).program()).is("delete", "mission"));
        assertThrows(io.takfed.missions.MissionNotFoundException.class, () -> tx(em -> missions(em).get("ops1")));
    }

    @Test
    void missionNamesAreUniqueAndBadContentIsRefusedByField() {
        tx(em -> missions(em).create(mission("unique-mission")));
        assertThrows(io.takfed.missions.MissionExistsException.class,
                () -> tx(em -> missions(em).create(mission("unique-mission"))));
        ValidationException badHash = assertThrows(ValidationException.class, () -> tx(em -> missions(em)
                .addContent("unique-mission", List.of(), List.of("not-a-digest"), null)));
        assertEquals("hashes", badHash.errors().get(0).field());
        ValidationException noName = assertThrows(ValidationException.class,
                () -> tx(em -> missions(em).create(mission(" "))));
        assertEquals("name", noName.errors().get(0).field());
        assertThrows(io.takfed.missions.MissionNotFoundException.class,
                () -> tx(em -> missions(em).addContent("nowhere", List.of("u"), List.of(), null)));
    }

    private static io.takfed.missions.ApplyOutcome.Kind receive(EntityManager em, boolean deletes, String program,
                                                                byte[]... payloads) {
        return new io.takfed.missions.MissionApplier(em, "node-test", java.time.Clock.systemUTC(), deletes)
                .apply(new io.takfed.missions.ReceivedChange(program, List.of(payloads), 42, List.of("node-remote"),
                        List.of("blue")))
                .kind();
    }

    @Test
    void aBatchOfReceivedChangesKeepsTrackOfWhatItAddsRemovesAndDeletesAsItGoes() {
        java.util.function.BiFunction<String, List<String>, io.takfed.missions.ReceivedChange> change =
                (type, uids) -> contentChange("batched", type, uids);
        tx(em -> new io.takfed.missions.MissionApplier(em, "node-test", java.time.Clock.systemUTC(), false)
                .apply(change.apply("ADD_CONTENT", List.of("before"))));
        String delete = io.takfed.missions.rol.RolWriter.deleteMission("batched", "ANDROID-9").text();
        var outcomes = tx(em -> new io.takfed.missions.MissionApplier(em, "node-test", java.time.Clock.systemUTC(),
                true).applyAll(List.of(
                        change.apply("ADD_CONTENT", List.of("before", "u1")),
                        change.apply("ADD_CONTENT", List.of("u1", "u2")),
                        change.apply("REMOVE_CONTENT", List.of("u1")),
                        change.apply("ADD_CONTENT", List.of("u1")),
                        new io.takfed.missions.ReceivedChange(delete, List.of(), 42, List.of("node-remote"),
                                List.of("blue")),
                        change.apply("ADD_CONTENT", List.of("before")))));
        assertEquals(6, outcomes.stream().filter(o -> o.kind() == io.takfed.missions.ApplyOutcome.Kind.APPLIED)
                .count(), outcomes.toString());
        assertEquals(List.of("before"), tx(em -> missions(em).get("batched")).uids(),
                "made again after its delete, the mission holds only what came after");
    }

    /** A content change to a mission from a remote node, unique each time (its date is the clock's nanoseconds). */
    private static io.takfed.missions.ReceivedChange contentChange(String mission, String type, List<String> uids) {
        var meta = new io.takfed.missions.rol.RolWriter.MissionMetadata(mission, "ANDROID-9", "", "", "public",
                "guid-" + mission);
        return new io.takfed.missions.ReceivedChange(io.takfed.missions.rol.RolWriter.updateMission(type,
                new io.takfed.missions.rol.RolWriter.Content(List.of(), uids), "ANDROID-9", meta, System.nanoTime())
                .text(), List.of(), 42, List.of("node-remote"), List.of("blue"));
    }

    @Test
    void aBatchAddsEachItemOnceAndForgetsWhatItRemoved() {
        java.util.function.BiFunction<String, List<String>, io.takfed.missions.ReceivedChange> change =
                (type, uids) -> contentChange("batched-2", type, uids);
        tx(em -> new io.takfed.missions.MissionApplier(em, "node-test", java.time.Clock.systemUTC(), true).applyAll(
                List.of(change.apply("ADD_CONTENT", List.of("a", "b")), change.apply("ADD_CONTENT", List.of("b", "c")),
                        change.apply("REMOVE_CONTENT", List.of("a")), change.apply("ADD_CONTENT", List.of("a")))));
        assertEquals(List.of("b", "c", "a"), tx(em -> missions(em).get("batched-2")).uids());
    }

    @Test
    void aBatchWithOneBadCreateResourceAppliesTheOthersAndRefusesItAlone() throws Exception {
        byte[] file = "brief".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        java.util.function.BiFunction<String, String, io.takfed.missions.ReceivedChange> resource = (filename, type) ->
                new io.takfed.missions.ReceivedChange(io.takfed.missions.rol.RolWriter.createResource(
                        new io.takfed.missions.rol.RolWriter.Resource(filename, type, "brief", "", "ANDROID-9", "u",
                                hash, file.length, "ANDROID-9", "public")).text(), List.of(file), 42,
                        List.of("node-remote"), List.of("blue"));
        List<io.takfed.missions.ApplyOutcome> outcomes = tx(em -> new io.takfed.missions.MissionApplier(em,
                "node-test", java.time.Clock.systemUTC(), false).applyAll(List.of(
                        contentChange("refuse-alone", "ADD_CONTENT", List.of("before")),
                        resource.apply("x".repeat(300) + ".pdf", "application/pdf"),
                        resource.apply("../../etc/passwd", "application/pdf"),
                        resource.apply("brief.pdf", "application/pdf\u0000"),
                        contentChange("refuse-alone", "ADD_CONTENT", List.of("after")),
                        resource.apply("brief.pdf", "application/pdf"))));
        assertEquals(List.of("APPLIED", "REFUSED", "REFUSED", "REFUSED", "APPLIED", "APPLIED"),
                outcomes.stream().map(o -> o.kind().name()).toList(), outcomes.toString());
        assertTrue(outcomes.get(1).detail().contains("filename"), outcomes.get(1).detail());
        assertTrue(outcomes.get(2).detail().contains("path"), outcomes.get(2).detail());
        assertEquals(List.of("before", "after"), tx(em -> missions(em).get("refuse-alone")).uids(),
                "the rest of the batch applied, in one transaction");
    }

    @Test
    void receivedChangesApplyOnceCreateWhatIsMissingAndDeleteOnlyWhenAllowed() throws Exception {
        var applied = io.takfed.missions.ApplyOutcome.Kind.APPLIED;
        var duplicate = io.takfed.missions.ApplyOutcome.Kind.DUPLICATE;
        var refused = io.takfed.missions.ApplyOutcome.Kind.DELETE_REFUSED;
        var ignored = io.takfed.missions.ApplyOutcome.Kind.IGNORED;
        var meta = new io.takfed.missions.rol.RolWriter.MissionMetadata("remote-ops", "ANDROID-9", "theirs", "",
                "public", "guid-remote-ops");
        String add = io.takfed.missions.rol.RolWriter.updateMission("ADD_CONTENT",
                new io.takfed.missions.rol.RolWriter.Content(List.of(), List.of("uid-a", "uid-b")), "ANDROID-9", meta,
                1_700_000_000_000L).text();
        long before = tx(em -> missions(em).lastSeq());
        assertEquals(applied, tx(em -> receive(em, false, add)), "the mission it names is created first");
        assertEquals(duplicate, tx(em -> receive(em, false, add)), "the same change again does nothing");
        var view = tx(em -> missions(em).get("remote-ops"));
        assertEquals(List.of("uid-a", "uid-b"), view.uids());
        assertEquals("theirs", view.description());
        assertEquals(List.of("blue"), view.groups(), "in the groups it was received in, so that local changes to "
                + "it travel where the peer's came from");
        var logged = tx(em -> missions(em).changes(before, 10));
        assertEquals(1, logged.size(), "applied once, logged once");
        assertEquals(List.of("node-remote", "node-test"), logged.get(0).provenance());
        assertEquals(42L, logged.get(0).originPeerId());
        assertEquals(add, logged.get(0).program(), "kept as received, so a hub passes on the same bytes");

        String remove = io.takfed.missions.rol.RolWriter.updateMission("REMOVE_CONTENT",
                new io.takfed.missions.rol.RolWriter.Content(List.of(), List.of("uid-a")), "ANDROID-9", meta, 5).text();
        assertEquals(refused, tx(em -> receive(em, false, remove)), "federated deletes are off by default");
        assertEquals(List.of("uid-a", "uid-b"), tx(em -> missions(em).get("remote-ops")).uids());
        assertEquals(applied, tx(em -> receive(em, true, remove)));
        assertEquals(List.of("uid-b"), tx(em -> missions(em).get("remote-ops")).uids());

        byte[] file = "remote file".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        String resource = io.takfed.missions.rol.RolWriter.createResource(new io.takfed.missions.rol.RolWriter.Resource(
                "r.txt", "text/plain", "r", "2023-11-14T22:13:20.0Z", "ANDROID-9", "u", hash, file.length, "ANDROID-9",
                "public")).text();
        assertEquals(applied, tx(em -> receive(em, false, resource, file)));
        assertTrue(java.util.Arrays.equals(file, tx(em -> missions(em).resource(hash)).getData()));
        assertEquals(ignored, tx(em -> receive(em, false, resource.replace(hash, "0".repeat(64)), file)),
                "bytes that do not hash to the hash given are not stored");

        String delete = io.takfed.missions.rol.RolWriter.deleteMission("remote-ops", "ANDROID-9").text();
        assertEquals(refused, tx(em -> receive(em, false, delete)));
        assertEquals(applied, tx(em -> receive(em, true, delete)));
        assertThrows(io.takfed.missions.MissionNotFoundException.class, () -> tx(em -> missions(em).get("remote-ops")));

        assertEquals(ignored, tx(em -> receive(em, false, "<not rol/>")));
        assertEquals(ignored, tx(em -> receive(em, false, "announce package {\"type\":\"ResourceDetails\"};")));
        String announce = io.takfed.missions.rol.RolWriter.announcePackage(hash, "pkg.zip", "pkg.zip",
                1_700_000_000_000L, "ALPHA", file.length).text();
        long beforeAnnounce = tx(em -> missions(em).lastSeq());
        assertEquals(applied, tx(em -> receive(em, false, announce)), "a package announcement is taken, to pass on");
        assertEquals(duplicate, tx(em -> receive(em, false, announce)));
        var announced = tx(em -> missions(em).changes(beforeAnnounce, 10));
        assertEquals(1, announced.size(), "logged once");
        assertEquals("ANNOUNCE_PACKAGE", announced.get(0).changeType());
        assertEquals(announce, announced.get(0).program(), "kept as received, to go on to the other peers as it came");
        String looped = io.takfed.missions.rol.RolWriter.createMission(meta).text();
        assertEquals(duplicate, tx(em -> new io.takfed.missions.MissionApplier(em, "node-test",
                java.time.Clock.systemUTC(), false).apply(new io.takfed.missions.ReceivedChange(looped, List.of(), 42,
                List.of("node-test", "node-remote"), List.of("blue"))).kind()), "a change that already passed through us is not taken");
        assertEquals(ignored, tx(em -> new io.takfed.missions.MissionApplier(em, "node-test",
                java.time.Clock.systemUTC(), false).apply(new io.takfed.missions.ReceivedChange(
                io.takfed.missions.rol.RolWriter.createMission(new io.takfed.missions.rol.RolWriter.MissionMetadata(
                        "groupless", "x", "", "", "public", "g-groupless")).text(), List.of(), 42, List.of("n"),
                List.of())).kind()), "a peer without inbound groups sends nothing that is taken");
    }

    @Test
    void aChangeLoggedBeforeThePrefixIndexIsStillKnownAndASharedPrefixIsNoDuplicate() throws Exception {
        var duplicate = io.takfed.missions.ApplyOutcome.Kind.DUPLICATE;
        String old = io.takfed.missions.rol.RolWriter.createMission(new io.takfed.missions.rol.RolWriter
                .MissionMetadata("prefix-old", "x", "", "", "public", "g-prefix-old")).text();
        String fresh = io.takfed.missions.rol.RolWriter.createMission(new io.takfed.missions.rol.RolWriter
                .MissionMetadata("prefix-new", "x", "", "", "public", "g-prefix-new")).text();
        String freshKey = sha256(fresh);
        migrateUpTo("10");
        try (Connection c = dataSource().getConnection()) {
            logged(c, sha256(old));
            logged(c, java.util.UUID.randomUUID().toString());
        }
        assertEquals(duplicate, tx(em -> receive(em, false, old)), "a key logged before the migration counts");
        try (Connection c = dataSource().getConnection(); var set = c.prepareStatement(
                "update mission_change set change_key = ?, key_prefix = ? where change_key = ?")) {
            // Another change whose key begins as the fresh one's: a prefix is not a key.
            logged(c, "fresh");
            set.setString(1, freshKey.substring(0, 16) + "0".repeat(48));
            set.setLong(2, ChangeKeyPrefix.of(freshKey));
            set.setString(3, "fresh");
            assertEquals(1, set.executeUpdate());
            try (ResultSet prefixes = c.createStatement().executeQuery(
                    "select count(key_prefix), count(*) from mission_change")) {
                prefixes.next();
                assertEquals(2, prefixes.getInt(1), "the old received key and the look-alike have a prefix");
                assertEquals(3, prefixes.getInt(2), "a local change's UUID key has none");
            }
        }
        assertEquals(io.takfed.missions.ApplyOutcome.Kind.APPLIED, tx(em -> receive(em, false, fresh)));
        assertEquals(duplicate, tx(em -> receive(em, false, fresh)));
    }

    @Test
    void aContentChangeLoggedBeforeItsPrefixLedWithItsTimeIsStillKnown() throws Exception {
        long date = 1_765_000_000_000L;
        var meta = new io.takfed.missions.rol.RolWriter.MissionMetadata("timed", "x", "", "", "public", "g-timed");
        String old = io.takfed.missions.rol.RolWriter.updateMission("ADD_CONTENT",
                new io.takfed.missions.rol.RolWriter.Content(List.of(), List.of("t1")), "x", meta, date).text();
        String key = sha256(old);
        migrateUpTo("14");
        // More than the migration reads at once, so that it pages through the log while it updates it.
        Map<String, Long> dates = new java.util.HashMap<>();
        try (Connection c = dataSource().getConnection(); var insert = c.prepareStatement("insert into mission_change "
                + "(change_type, mission_name, occurred_at, origin_node, change_key, key_prefix, provenance_json, "
                + "program) values ('ADD_CONTENT', 'timed', ?, 'n', ?, ?, '[\"n\"]', ?)")) {
            for (int i = 0; i <= 2_500; i++) {
                String program = i == 0 ? old : io.takfed.missions.rol.RolWriter.updateMission("ADD_CONTENT",
                        new io.takfed.missions.rol.RolWriter.Content(List.of(), List.of("p" + i)), "x", meta,
                        date - i).text();
                String logged = sha256(program);
                dates.put(logged, date - i);
                insert.setObject(1, java.time.OffsetDateTime.now());
                insert.setString(2, logged);
                insert.setLong(3, ChangeKeyPrefix.of(logged));
                insert.setString(4, program);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        assertEquals(io.takfed.missions.ApplyOutcome.Kind.DUPLICATE, tx(em -> receive(em, false, old)),
                "the change logged with its old prefix is known by the new one");
        try (Connection c = dataSource().getConnection(); var rows = c.createStatement().executeQuery(
                "select change_key, key_prefix from mission_change where mission_name = 'timed'")) {
            int checked = 0;
            while (rows.next()) {
                assertEquals(ChangeKeyPrefix.of(rows.getString(1), dates.get(rows.getString(1))), rows.getLong(2));
                checked++;
            }
            assertEquals(2_501, checked, "every change logged before the migration has its new prefix");
        }
        try (Connection c = dataSource().getConnection(); var prefix = c.prepareStatement(
                "select key_prefix from mission_change where change_key = ?")) {
            prefix.setString(1, key);
            try (ResultSet row = prefix.executeQuery()) {
                assertTrue(row.next());
                assertEquals(ChangeKeyPrefix.of(key, date), row.getLong(1));
                assertNotEquals(ChangeKeyPrefix.of(key), row.getLong(1));
            }
        }
        String later = io.takfed.missions.rol.RolWriter.updateMission("ADD_CONTENT",
                new io.takfed.missions.rol.RolWriter.Content(List.of(), List.of("t2")), "x", meta, date).text();
        assertEquals(io.takfed.missions.ApplyOutcome.Kind.APPLIED, tx(em -> receive(em, false, later)),
                "another change made in the same millisecond is no duplicate");
        assertEquals(io.takfed.missions.ApplyOutcome.Kind.DUPLICATE, tx(em -> receive(em, false, later)));
    }

    @Test
    void afterTheMoveToLargerKeyBlocksNewChangesFollowEveryChangeLoggedBefore() throws Exception {
        migrateUpTo("12");
        try (Connection c = dataSource().getConnection()) {
            logged(c, "before-1");
            logged(c, "before-2");
        }
        long lastOld = tx(em -> missions(em).lastSeq());
        tx(em -> new io.takfed.missions.MissionApplier(em, "node-test", java.time.Clock.systemUTC(), false)
                .applyAll(List.of(contentChange("blocks", "ADD_CONTENT", List.of("b1")),
                        contentChange("blocks", "ADD_CONTENT", List.of("b2")))));
        reopen();
        tx(em -> receiveFrom(em, 42, "blocks-after-restart", List.of("n")));
        List<io.takfed.missions.ChangeView> log = tx(em -> missions(em).changes(0, 100));
        assertEquals(List.of("m", "m", "blocks", "blocks", "blocks-after-restart"),
                log.stream().map(io.takfed.missions.ChangeView::missionName).toList(), "in the order logged");
        List<Long> seqs = log.stream().map(io.takfed.missions.ChangeView::seq).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "each key after the one before: " + seqs);
        }
        assertTrue(seqs.get(2) > lastOld, "the first new block begins after the old keys: " + seqs);
        assertTrue(seqs.get(4) - seqs.get(3) <= V13__Change_log_key_blocks.BLOCK,
                "a restart skips at most what is left of a block: " + seqs);
    }

    @Test
    void changesLoggedBeforeTheToolWasKeptTakeTheirMissionsTool() throws Exception {
        migrateUpTo("13");
        try (Connection c = dataSource().getConnection()) {
            try (var insert = c.prepareStatement("insert into mission (name, guid, tool, groups_json, origin_node, "
                    + "created_at) values ('m', 'g-m', 'private', '[\"blue\"]', 'n', ?)")) {
                insert.setObject(1, java.time.OffsetDateTime.now());
                insert.executeUpdate();
            }
            logged(c, "of-m");
        }
        emf();
        try (Connection c = dataSource().getConnection(); var tool = c.createStatement().executeQuery(
                "select mission_tool from mission_change where change_key = 'of-m'")) {
            assertTrue(tool.next());
            assertEquals("private", tool.getString(1), "so that only-public delivery holds it back");
        }
    }

    /** The schema as it was at {@code version}, for data as an older takfed left it before the later migrations. */
    @Test
    void aPeerStoredWithoutTlsOrOverUdpSaysTlsOverTcpAfterV17() throws Exception {
        migrateUpTo("16");
        try (Connection c = dataSource().getConnection(); var insert = c.prepareStatement("insert into "
                + "federation_server (version, name, address, port, connection_type, protocol_version, "
                + "transport_protocol, use_tls, verify_ssl, sync_missions, sync_cot, enabled, status, created_at, "
                + "updated_at) values (0, ?, 'tak.example.org', 9001, 'outbound', 'v2', ?, ?, true, true, true, "
                + "false, 'disabled', ?, ?)")) {
            for (Object[] row : new Object[][] {{"plain", "tcp", false}, {"udp", "udp", true}, {"both", "multicast", false}}) {
                insert.setString(1, (String) row[0]);
                insert.setString(2, (String) row[1]);
                insert.setBoolean(3, (Boolean) row[2]);
                insert.setObject(4, java.time.OffsetDateTime.now());
                insert.setObject(5, java.time.OffsetDateTime.now());
                insert.executeUpdate();
            }
        }
        List<PeerView> after = tx(em -> peers(em).list());
        assertEquals(3, after.size());
        // Every link spoke TLS over TCP whatever these said: the rows now say so, and each peer can be updated again.
        after.forEach(peer -> assertTrue(peer.useTls() && "tcp".equals(peer.transportProtocol()), peer.name()));
        tx(em -> peers(em).update(after.get(0).id(), new PeerPatch().set(PeerField.DESCRIPTION, "still editable")));
    }

    private void migrateUpTo(String version) {
        org.flywaydb.core.Flyway.configure(getClass().getClassLoader())
                .configuration(SchemaMigration.flyway(dataSource(), getClass().getClassLoader(), CIPHER).getConfiguration())
                .target(version).load().migrate();
    }

    private static void logged(Connection c, String key) throws SQLException {
        try (var insert = c.prepareStatement("insert into mission_change (change_type, mission_name, occurred_at, "
                + "origin_node, change_key, provenance_json, program) values ('CREATE_MISSION', 'm', ?, 'n', ?, "
                + "'[\"n\"]', 'create mission {}')")) {
            insert.setObject(1, java.time.OffsetDateTime.now());
            insert.setString(2, key);
            insert.executeUpdate();
        }
    }

    /** A received change's key when it has no payloads: the SHA-256 of its program. */
    private static String sha256(String program) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(program.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static PeerPatch missionPeer(String name) {
        return new PeerPatch().set(PeerField.NAME, name).set(PeerField.ADDRESS, "tak.example.org")
                .set(PeerField.PORT, 9001).set(PeerField.INBOUND_GROUPS, List.of("blue"))
                .set(PeerField.OUTBOUND_GROUPS, List.of("blue"));
    }

    private static io.takfed.missions.ApplyOutcome.Kind receiveFrom(EntityManager em, long peerId, String mission,
                                                                    List<String> provenance) {
        return new io.takfed.missions.MissionApplier(em, "node-test", java.time.Clock.systemUTC(), false)
                .apply(new io.takfed.missions.ReceivedChange(io.takfed.missions.rol.RolWriter.createMission(
                        new io.takfed.missions.rol.RolWriter.MissionMetadata(mission, "x", "", "", "public",
                                "g-" + mission)).text(), List.of(), peerId, provenance, List.of("blue"))).kind();
    }

    @Test
    void deliveryCountsFollowTheRulesDeliveryFollowsAndComeFromTheLogAndTheCursor() {
        PeerView peer = tx(em -> peers(em).create(missionPeer("mission peer")
                .set(PeerField.MISSION_FILTER, List.of("Stats-*"))));
        tx(em -> missions(em).create(mission("stats-one")));
        tx(em -> missions(em).addContent("stats-one", List.of("u1"), List.of(), null));
        tx(em -> missions(em).create(mission("other-stats")));
        tx(em -> missions(em).create(new io.takfed.missions.MissionDraft("stats-red", null, null, null, null, null,
                List.of("red"))));
        var mine = tx(em -> missions(em).changes(0, 10_000)).stream()
                .filter(c -> c.missionName().equals("stats-one")).toList();
        assertEquals(2, mine.size());
        // Never counted for it: a change it sent us, and one from another peer beyond its hop limit (set below).
        tx(em -> receiveFrom(em, peer.id(), "stats-from-it", List.of("node-peer")));
        tx(em -> receiveFrom(em, 4242, "stats-two-hops", List.of("node-far", "node-near")));
        Function<PeerPatch, io.takfed.peers.SyncStats> statsAfter = patch -> tx(em -> {
            if (!patch.asMap().isEmpty()) {
                peers(em).update(peer.id(), patch);
            }
            return io.takfed.missions.DeliveryStats.of(em, peer.id());
        });

        assertEquals(new io.takfed.peers.SyncStats(3, 0, 3, 0), statsAfter.apply(new PeerPatch()),
                "its filter admits stats-*, its groups exclude red, its own change is not for it");
        assertEquals(new io.takfed.peers.SyncStats(2, 0, 2, 0), statsAfter.apply(new PeerPatch()
                .set(PeerField.MAX_HOPS, 1)), "with max_hops 1 a change that made one hop already is not sent on");
        tx(em -> {
            // Delivery went on past a dead letter: the cursor is beyond it.
            var cursor = new io.takfed.missions.DeliveryCursor(peer.id());
            cursor.setDeliveredSeq(mine.get(1).seq());
            em.persist(cursor);
            em.persist(new io.takfed.missions.DeadLetter(peer.id(), mine.get(1).seq(), 5, "protocol-error",
                    java.time.Instant.now()));
            return null;
        });
        assertEquals(new io.takfed.peers.SyncStats(2, 1, 0, 1), statsAfter.apply(new PeerPatch()));
        assertEquals(3, statsAfter.apply(new PeerPatch().set(PeerField.MISSION_FILTER, null)).totalChanges(),
                "a null filter admits every mission: other-stats too");
        assertEquals(new io.takfed.peers.SyncStats(0, 0, 0, 1),
                statsAfter.apply(new PeerPatch().set(PeerField.MISSION_FILTER, List.of())), "[] admits none");
        assertEquals(new io.takfed.peers.SyncStats(0, 0, 0, 0),
                statsAfter.apply(new PeerPatch().set(PeerField.SYNC_MISSIONS, false)), "sync_missions off");
    }

    @Test
    void aPeerNumberedPastTheBoxCacheNeverGetsItsOwnChangesBack() {
        // Peer ids past 127: a Long compared by reference there is never equal to another Long of the same value.
        tx(em -> em.createNativeQuery("ALTER TABLE federation_server ALTER COLUMN id RESTART WITH 1000")
                .executeUpdate());
        PeerView peer = tx(em -> peers(em).create(missionPeer("peer past the cache")
                .set(PeerField.MISSION_FILTER, List.of("cache-*"))));
        assertTrue(peer.id() >= 1000, "the peer's id is past the cache: " + peer.id());
        for (int i = 0; i < 3; i++) {
            String name = "cache-from-it-" + i;
            assertEquals(io.takfed.missions.ApplyOutcome.Kind.APPLIED,
                    tx(em -> receiveFrom(em, peer.id(), name, List.of("node-of-the-peer"))));
        }
        tx(em -> missions(em).create(mission("cache-local")));
        tx(em -> missions(em).addContent("cache-local", List.of("u1"), List.of(), null));
        var local = tx(em -> missions(em).changes(0, 100_000)).stream()
                .filter(c -> c.missionName().equals("cache-local")).toList();
        FakeRolTransport transport = new FakeRolTransport(peer.id());
        var policy = new io.takfed.missions.MissionDelivery.Policy(-1, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(60), 3);

        tx(em -> {
            new io.takfed.missions.MissionDelivery(em, transport, policy, java.time.Clock.systemUTC(),
                    new java.util.Random(1), new java.util.HashMap<>()).step();
            return null;
        });

        assertEquals(local.stream().map(io.takfed.missions.ChangeView::program).toList(),
                transport.sent.stream().map(io.takfed.connector.api.RolMessage::program).toList(),
                "only the local changes travel to it, none of the three it sent");
        assertEquals(new io.takfed.peers.SyncStats(2, 0, 2, 0),
                tx(em -> io.takfed.missions.DeliveryStats.of(em, peer.id())), "and only they are counted for it");
    }

    @Test
    void aKeptTallyCountsWhatAFullCountOfTheLogCounts() {
        PeerView peer = tx(em -> peers(em).create(missionPeer("tallied peer")));
        var kept = new io.takfed.missions.DeliveryStats(false);
        Function<String, io.takfed.peers.SyncStats> counted = why -> tx(em -> {
            io.takfed.peers.SyncStats full = io.takfed.missions.DeliveryStats.of(em, peer.id());
            assertEquals(full, kept.count(em, peer.id()), why + ": the kept tally agrees with a count of the log");
            return full;
        });
        java.util.function.LongConsumer cursorAt = seq -> tx(em -> {
            var cursor = em.find(io.takfed.missions.DeliveryCursor.class, peer.id());
            if (cursor == null) {
                cursor = new io.takfed.missions.DeliveryCursor(peer.id());
                em.persist(cursor);
            }
            cursor.setDeliveredSeq(seq);
            return null;
        });
        io.takfed.peers.SyncStats before = counted.apply("before");

        tx(em -> missions(em).create(mission("tally-one")));
        tx(em -> missions(em).addContent("tally-one", List.of("u1"), List.of(), null));
        var first = tx(em -> missions(em).changes(0, 100_000)).stream()
                .filter(c -> c.missionName().equals("tally-one")).toList();
        assertEquals(before.totalChanges() + 2, counted.apply("two changes").totalChanges());
        cursorAt.accept(first.get(0).seq());
        assertEquals(1, counted.apply("the cursor passed one").sentChanges());

        tx(em -> missions(em).addContent("tally-one", List.of("u2", "u3"), List.of(), null));
        tx(em -> missions(em).create(new io.takfed.missions.MissionDraft("tally-red", null, null, null, null, null,
                List.of("red"))));
        tx(em -> receiveFrom(em, peer.id(), "tally-from-it", List.of("node-peer")));
        io.takfed.peers.SyncStats more = counted.apply("more, some not meant for it");
        assertEquals(before.totalChanges() + 3, more.totalChanges(), "red and its own change are not for it");
        long last = tx(em -> missions(em).changes(0, 100_000)).stream()
                .mapToLong(io.takfed.missions.ChangeView::seq).max().orElseThrow();
        cursorAt.accept(last);
        assertEquals(0, counted.apply("the cursor passed them all").pendingChanges());
        cursorAt.accept(first.get(0).seq());
        assertEquals(1, counted.apply("the cursor moved back").sentChanges());
        tx(em -> {
            peers(em).update(peer.id(), new PeerPatch().set(PeerField.MISSION_FILTER, List.of()));
            return null;
        });
        assertEquals(0, counted.apply("a filter admitting none").totalChanges());
        tx(em -> {
            peers(em).update(peer.id(), new PeerPatch().set(PeerField.MISSION_FILTER, null));
            return null;
        });
        tx(em -> missions(em).addContent("tally-one", List.of("u4"), List.of(), null));
        assertEquals(3, counted.apply("every mission again, one change since").pendingChanges());
    }

    /** A transport with one session at a time whose confirmations the test decides. */
    private static final class FakeRolTransport implements io.takfed.missions.MissionDelivery.Transport {
        final List<io.takfed.connector.api.RolMessage> sent = new java.util.ArrayList<>();
        final long peerId;
        String session = "s1";
        long written;
        long confirmed;

        FakeRolTransport(long peerId) {
            this.peerId = peerId;
        }

        void newSession(String id) {
            session = id;
            written = 0;
            confirmed = 0;
        }

        @Override
        public List<io.takfed.connector.api.RolLink> rolLinks() {
            return List.of(new io.takfed.connector.api.RolLink(session, null, peerId, "outbound", written, confirmed,
                    true));
        }

        @Override
        public long sendRol(String sessionId, List<io.takfed.connector.api.RolMessage> messages) {
            assertEquals(session, sessionId);
            sent.addAll(messages);
            written += messages.size();
            return written;
        }
    }

    @Test
    void deliveryConfirmsRetriesWithBackoffDeadLettersAChangeThatKeepsFailingAndRedrives() {
        PeerView peer = tx(em -> peers(em).create(missionPeer("delivery peer")
                .set(PeerField.MISSION_FILTER, List.of("deliv"))));
        tx(em -> missions(em).create(mission("deliv")));
        for (int i = 0; i < 3; i++) {
            String uid = "d-" + i;
            tx(em -> missions(em).addContent("deliv", List.of(uid), List.of(), null));
        }
        var changes = tx(em -> missions(em).changes(0, 10_000)).stream()
                .filter(c -> c.missionName().equals("deliv")).toList();
        assertEquals(4, changes.size());
        FakeRolTransport transport = new FakeRolTransport(peer.id());
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2030-01-01T00:00:00Z"));
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        Map<Long, io.takfed.missions.InFlight> flights = new java.util.HashMap<>();
        var policy = new io.takfed.missions.MissionDelivery.Policy(-1, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(60), 3);
        Runnable step = () -> tx(em -> {
            new io.takfed.missions.MissionDelivery(em, transport, policy, clock, new java.util.Random(3), flights)
                    .step();
            return null;
        });
        Function<String, io.takfed.peers.SyncStats> stats = x -> tx(em -> io.takfed.missions.DeliveryStats.of(em,
                peer.id()));

        step.run();
        assertEquals(changes.stream().map(io.takfed.missions.ChangeView::program).toList(),
                transport.sent.stream().map(io.takfed.connector.api.RolMessage::program).toList(), "in log order");
        transport.confirmed = 2;
        step.run();
        assertEquals(new io.takfed.peers.SyncStats(4, 2, 2, 0), stats.apply(""), "the cursor follows confirmations");

        transport.newSession("s2");
        step.run();
        assertEquals(4, transport.sent.size(), "a session lost before confirming: the next attempt waits");
        now.set(now.get().plusSeconds(13));
        step.run();
        assertEquals(6, transport.sent.size(), "after the interval, what was unconfirmed is sent again");
        assertEquals(changes.get(2).program(), transport.sent.get(4).program());

        transport.newSession("s3");
        step.run();
        now.set(now.get().plusSeconds(13));
        step.run();
        assertEquals(6, transport.sent.size(), "the second wait is longer (about 20 s)");
        now.set(now.get().plusSeconds(13));
        step.run();
        assertEquals(8, transport.sent.size());

        transport.newSession("s4");
        step.run();
        // The third failure of the same first change: it becomes a dead letter and delivery goes on after it.
        assertEquals(changes.get(3).program(), transport.sent.get(transport.sent.size() - 1).program());
        transport.confirmed = transport.written;
        step.run();
        assertEquals(new io.takfed.peers.SyncStats(4, 3, 0, 1), stats.apply(""));

        int redriven = tx(em -> io.takfed.missions.MissionDelivery.redrive(em, peer.id(), flights));
        assertEquals(1, redriven);
        assertEquals(new io.takfed.peers.SyncStats(4, 2, 2, 0), stats.apply(""), "a redrive puts it back in line");
        int before = transport.sent.size();
        step.run();
        assertEquals(List.of(changes.get(2).program(), changes.get(3).program()),
                transport.sent.subList(before, transport.sent.size()).stream()
                        .map(io.takfed.connector.api.RolMessage::program).toList(),
                "and it is sent again, from the first dead letter on");
    }

    @Test
    void aMissionsOwnRecencyOverridesTheGlobalOneWhenAPeerCatchesUp() {
        PeerView peer = tx(em -> peers(em).create(missionPeer("recency peer")
                .set(PeerField.MISSION_FILTER, List.of("recent-*"))));
        tx(em -> missions(em).create(new io.takfed.missions.MissionDraft("recent-global", null, null, null, null,
                null, List.of("blue"))));
        tx(em -> missions(em).create(new io.takfed.missions.MissionDraft("recent-all", null, null, null, null,
                null, List.of("blue"), -1L)));
        ValidationException zero = assertThrows(ValidationException.class, () -> tx(em -> missions(em).create(
                new io.takfed.missions.MissionDraft("recent-zero", null, null, null, null, null, List.of(), 0L))));
        assertEquals("recency_seconds", zero.errors().get(0).field());
        FakeRolTransport transport = new FakeRolTransport(peer.id());
        // A day after the changes, with a global recency of an hour: only the mission that keeps everything is sent.
        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofDays(1));
        var policy = new io.takfed.missions.MissionDelivery.Policy(3600, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(60), 3);
        tx(em -> {
            new io.takfed.missions.MissionDelivery(em, transport, policy, later, new java.util.Random(1),
                    new java.util.HashMap<>()).step();
            return null;
        });
        assertEquals(1, transport.sent.size(), transport.sent.toString());
        assertTrue(transport.sent.get(0).program().contains("\"recent-all\""));
    }

    @Test
    void withOnlyPublicMissionsAMissionThatIsNotPublicNeitherTravelsNorIsDeletedByAPeer() {
        PeerView peer = tx(em -> peers(em).create(missionPeer("public peer")));
        tx(em -> missions(em).create(new io.takfed.missions.MissionDraft("open-ops", null, null, null, null, null,
                List.of("blue"))));
        tx(em -> missions(em).create(new io.takfed.missions.MissionDraft("closed-ops", null, null, null, "private",
                null, List.of("blue"))));
        tx(em -> missions(em).addContent("closed-ops", List.of("closed-1"), List.of(), "ANDROID-1"));
        tx(em -> missions(em).addContent("open-ops", List.of("open-1"), List.of(), "ANDROID-1"));
        tx(em -> {
            missions(em).delete("closed-ops");
            return null;
        });
        assertEquals(5, tx(em -> io.takfed.missions.DeliveryStats.of(em, peer.id())).totalChanges(),
                "by default every mission federates");
        assertEquals(2, tx(em -> new io.takfed.missions.DeliveryStats(true).count(em, peer.id())).totalChanges(),
                "with only public missions the status counts what delivery sends: open-ops' two changes");

        FakeRolTransport transport = new FakeRolTransport(peer.id());
        var policy = new io.takfed.missions.MissionDelivery.Policy(-1, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(60), 3, true);
        tx(em -> {
            new io.takfed.missions.MissionDelivery(em, transport, policy, java.time.Clock.systemUTC(),
                    new java.util.Random(1), new java.util.HashMap<>()).step();
            return null;
        });
        assertEquals(2, transport.sent.size(), transport.sent.toString());
        assertTrue(transport.sent.stream().allMatch(m -> m.program().contains("\"open-ops\"")),
                "nothing of closed-ops, its delete included, after the mission row is gone: " + transport.sent);

        tx(em -> missions(em).create(new io.takfed.missions.MissionDraft("closed-here", null, null, null, "private",
                null, List.of("blue"))));
        String delete = io.takfed.missions.rol.RolWriter.deleteMission("closed-here", "ANDROID-9").text();
        var received = new io.takfed.missions.ReceivedChange(delete, List.of(), 42, List.of("node-remote"),
                List.of("blue"));
        assertEquals(io.takfed.missions.ApplyOutcome.Kind.DELETE_REFUSED, tx(em -> new io.takfed.missions
                .MissionApplier(em, "node-test", java.time.Clock.systemUTC(), true).onlyPublicMissions(true)
                .apply(received).kind()), "federated deletes on, but the mission is not public");
        assertEquals("private", tx(em -> missions(em).get("closed-here")).tool());
        assertEquals(io.takfed.missions.ApplyOutcome.Kind.APPLIED, tx(em -> new io.takfed.missions
                .MissionApplier(em, "node-test", java.time.Clock.systemUTC(), true).apply(received).kind()));
    }

    private io.takfed.missions.GroupCommit groupCommit() {
        return LocalTransactions.groupCommit(emf().createEntityManager());
    }

    /** The catalog as the server runs it in the change log writer: with the writer's index. */
    private static io.takfed.missions.MissionCatalog missions(io.takfed.missions.GroupCommit log, EntityManager em) {
        return new io.takfed.missions.MissionCatalog(em, "node-test", java.time.Clock.systemUTC(), log.index());
    }

    /**
     * A write that holds the writer until the gate opens, so that what is submitted meanwhile queues behind it and
     * is taken into one transaction; true once the gate opened.
     */
    private static java.util.concurrent.CompletableFuture<Boolean> hold(io.takfed.missions.GroupCommit log,
                                                             java.util.concurrent.CountDownLatch gate)
            throws InterruptedException {
        return log.submit(em -> {
            try {
                return gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theSameChangeTwiceInOneGroupCommitIsAppliedOnce() throws Exception {
        var change = contentChange("grouped", "ADD_CONTENT", List.of("g1"));
        try (var log = groupCommit()) {
            var gate = new java.util.concurrent.CountDownLatch(1);
            var held = hold(log, gate);
            // Both queue behind the held write, so the writer takes them into one transaction: two paths, one change.
            java.util.function.Function<EntityManager, List<io.takfed.missions.ApplyOutcome>> receive = em ->
                    new io.takfed.missions.MissionApplier(em, "node-test", java.time.Clock.systemUTC(), false,
                            log.index()).applyAll(List.of(change));
            var first = log.submit(receive);
            var second = log.submit(receive);
            gate.countDown();
            assertTrue(held.get());
            assertEquals(io.takfed.missions.ApplyOutcome.Kind.APPLIED, first.get().get(0).kind());
            assertEquals(io.takfed.missions.ApplyOutcome.Kind.DUPLICATE, second.get().get(0).kind());
        }
        assertEquals(1, tx(em -> missions(em).changes(0, 10_000)).stream()
                .filter(c -> c.missionName().equals("grouped")).count());
    }

    @Test
    void localAndReceivedChangesOfOneGroupCommitAreNumberedInTheOrderTheyWereLogged() throws Exception {
        long before = tx(em -> missions(em).lastSeq());
        try (var log = groupCommit()) {
            var gate = new java.util.concurrent.CountDownLatch(1);
            var held = hold(log, gate);
            // Queued behind the held write, the three run in one transaction: the middle one logs over JDBC.
            var first = log.submit(em -> missions(log, em).create(mission("order-local-1")));
            var received = log.submit(em -> new io.takfed.missions.MissionApplier(em, "node-test",
                    java.time.Clock.systemUTC(), false, log.index()).applyAll(List.of(
                            contentChange("order-received", "ADD_CONTENT", List.of("r1")),
                            contentChange("order-received", "ADD_CONTENT", List.of("r2")))));
            var last = log.submit(em -> missions(log, em).create(mission("order-local-2")));
            gate.countDown();
            assertTrue(held.get());
            first.get();
            assertEquals(2, received.get().size());
            last.get();
        }
        List<String> order = tx(em -> missions(em).changes(before, 100)).stream()
                .map(io.takfed.missions.ChangeView::missionName).toList();
        assertEquals(List.of("order-local-1", "order-received", "order-received", "order-local-2"), order,
                "one block of sequence numbers, handed out in the order the changes were logged");
    }

    @Test
    void theWritersIndexForgetsWhatRolledBackAndFollowsDeletes() throws Exception {
        tx(em -> missions(em).create(mission("indexed")));
        try (var log = groupCommit()) {
            // The writer now knows the mission and all of its content.
            log.write(em -> missions(log, em).addContent("indexed", List.of("kept"), List.of(), null));
            assertThrows(IllegalStateException.class, () -> log.write(em -> {
                missions(log, em).addContent("indexed", List.of("rolled-back"), List.of(), null);
                missions(log, em).create(mission("never-made"));
                throw new IllegalStateException("fails after writing");
            }));
            var again = log.write(em -> missions(log, em).addContent("indexed", List.of("rolled-back", "kept"),
                    List.of(), null));
            assertEquals(List.of("rolled-back"), again.uids(), "what rolled back is not there; what committed is");
            assertThrows(io.takfed.missions.MissionNotFoundException.class, () -> log.write(em ->
                    missions(log, em).addContent("never-made", List.of("x"), List.of(), null)));
            log.write(em -> {
                missions(log, em).delete("indexed");
                return null;
            });
            assertThrows(io.takfed.missions.MissionNotFoundException.class, () -> log.write(em ->
                    missions(log, em).addContent("indexed", List.of("x"), List.of(), null)));
            log.write(em -> missions(log, em).create(mission("indexed")));
            var fresh = log.write(em -> missions(log, em).addContent("indexed", List.of("kept"), List.of(), null));
            assertEquals(List.of("kept"), fresh.uids(), "a mission made again under a deleted one's name starts empty");
        }
        assertEquals(List.of("kept"), tx(em -> missions(em).get("indexed")).uids());
        assertThrows(io.takfed.missions.MissionNotFoundException.class, () -> tx(em -> missions(em).get("never-made")));
    }

    @Test
    void writesWaitingTogetherCommitTogetherAndAFailingOneFailsAlone() throws Exception {
        tx(em -> missions(em).create(mission("grouped")));
        long before = tx(em -> missions(em).lastSeq());
        try (var log = groupCommit()) {
            java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(12);
            // The first write holds the writer, so the next ones are all waiting when it commits.
            var first = callers.submit(() -> log.write(em -> {
                running.countDown();
                await(release);
                return missions(log, em).addContent("grouped", List.of("first"), List.of(), null);
            }));
            assertTrue(running.await(30, java.util.concurrent.TimeUnit.SECONDS));
            List<java.util.concurrent.Future<io.takfed.missions.ContentChange>> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String uid = "waiting-" + i;
                waiting.add(callers.submit(() -> log.write(em -> missions(log, em).addContent("grouped",
                        List.of(uid), List.of(), null))));
            }
            var failing = callers.submit(() -> log.write(em -> missions(log, em).addContent("no-such-mission",
                    List.of("lost"), List.of(), null)));
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (log.waiting() < 11 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(11, log.waiting(), "the other writes wait while the first holds the writer");
            release.countDown();
            assertNotNull(first.get().seq());
            for (var write : waiting) {
                assertNotNull(write.get().seq(), "each caller learns its change's place in the log");
            }
            var failure = assertThrows(java.util.concurrent.ExecutionException.class, failing::get);
            assertTrue(failure.getCause() instanceof io.takfed.missions.MissionNotFoundException,
                    "the failing write's caller gets its own failure: " + failure.getCause());
            callers.shutdown();
            long[] counts = log.counts();
            assertEquals(11, counts[1], "every good write committed");
            assertEquals(11, counts[0], "the first alone; the eleven waiting together failed on one of them, so "
                    + "each of the ten good ones then committed alone: " + java.util.Arrays.toString(counts));
        }
        var logged = tx(em -> missions(em).changes(before, 100));
        assertEquals(11, logged.size(), "nothing of the failing write, everything else once");
        assertEquals(11, tx(em -> missions(em).get("grouped")).uids().size());
    }

    @Test
    void aReaderFollowingTheLogWhileManyWriteNeverSkipsAChange() throws Exception {
        tx(em -> missions(em).create(mission("followed")));
        long start = tx(em -> missions(em).lastSeq());
        int writers = 8;
        int each = 60;
        java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (var log = groupCommit()) {
            // The reader moves by position, as a delivery cursor does: past the newest change it has seen.
            Thread reader = new Thread(() -> {
                long last = start;
                boolean more = true;
                while (more) {
                    more = writing.get();
                    long after = last;
                    for (var change : tx(em -> missions(em).changes(after, 1000))) {
                        seen.add(change.seq());
                        last = Math.max(last, change.seq());
                    }
                }
            });
            reader.start();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String uid = "w" + writer + "-" + i;
                        log.write(em -> missions(log, em).addContent("followed", List.of(uid), List.of(), null));
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
            pool.shutdown();
            writing.set(false);
            reader.join();
            assertTrue(log.counts()[0] < log.counts()[1], "concurrent writes shared commits: "
                    + java.util.Arrays.toString(log.counts()));
        }
        var all = tx(em -> missions(em).changes(start, 10_000));
        assertEquals(writers * each, all.size());
        assertEquals(all.stream().map(io.takfed.missions.ChangeView::seq).collect(java.util.stream.Collectors.toSet()),
                seen, "the reader saw every change, none skipped behind one committed later");
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

