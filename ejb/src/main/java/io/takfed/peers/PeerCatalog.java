package io.takfed.peers;

import io.takfed.pki.Pem;
import io.takfed.pki.PemException;
import io.takfed.secrets.SecretCipher;
import jakarta.persistence.EntityManager;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Creates, changes and reads federation servers within the caller's transaction. A plain class over an
 * {@link EntityManager}, so the same code runs in the container and in persistence tests.
 */
public final class PeerCatalog {

    /** Associated data for the key's ciphertext: a ciphertext copied into another column will not decrypt. */
    /** What client keys were sealed for before V18: the column alone. */
    public static final String KEY_PURPOSE = "federation_server.client_key";

    /**
     * What a peer's client key is sealed for: the column and the peer's id, so that a ciphertext moved into another
     * peer's row does not decrypt there.
     */
    public static String keyPurpose(long peerId) {
        return KEY_PURPOSE + "#" + peerId;
    }

    private final EntityManager em;
    private final SecretCipher cipher;

    public PeerCatalog(EntityManager em, SecretCipher cipher) {
        this.em = em;
        this.cipher = cipher;
    }

    public List<PeerView> list() {
        return em.createNamedQuery(FederationPeer.ALL, FederationPeer.class).getResultList().stream()
                .map(PeerCatalog::view).toList();
    }

    public PeerView get(long id) {
        return view(find(id));
    }

    public PeerView create(PeerPatch patch) {
        PeerDraft draft = new PeerDraft();
        draft.apply(patch);
        require(draft, patch);
        ensureNameFree(draft.name, null);
        ensureFallbackExists(draft.fallbackServerId, null);
        ensureFingerprintFree(draft.fingerprint, null);
        FederationPeer peer = new FederationPeer();
        copy(draft, peer);
        peer.setStatus(PeerStatus.idle(peer.isEnabled()));
        em.persist(peer);
        em.flush();
        if (draft.clientKey != null) {
            // Sealed for the peer's id, which the database has only now given it.
            peer.setClientKeyCiphertext(cipher.encrypt(draft.clientKey, keyPurpose(peer.getId())));
            em.flush();
        }
        return view(peer);
    }

    public PeerView update(long id, PeerPatch patch) {
        FederationPeer peer = find(id);
        PeerDraft draft = PeerDraft.of(peer, JsonStringList.read(peer.getMissionFilter()));
        if (patch.has(PeerField.CLIENT_CERTIFICATE) && !patch.has(PeerField.CLIENT_KEY) && draft.hasStoredKey) {
            // A new certificate must still match the key already stored.
            draft.clientKey = cipher.decrypt(peer.getClientKeyCiphertext(), keyPurpose(peer.getId()));
            draft.hasStoredKey = false;
        }
        draft.apply(patch);
        require(draft, patch);
        ensureNameFree(draft.name, peer.getId());
        ensureFallbackExists(draft.fallbackServerId, peer.getId());
        ensureFingerprintFree(draft.fingerprint, peer.getId());
        boolean wasEnabled = peer.isEnabled();
        copy(draft, peer);
        if (wasEnabled != peer.isEnabled()) {
            peer.setStatus(PeerStatus.idle(peer.isEnabled()));
            // TAK resets the retry count only when an outgoing is disabled; enabling starts afresh too.
            peer.setRetryCount(0);
            peer.setNextAttemptAt(null);
        }
        em.flush();
        return view(peer);
    }

    /**
     * Refuses a federate: disabled, and its certificate denied by the transport before any work (status
     * {@code rejected}, last error {@code federation-denied}). Enabling it again lifts the rejection.
     */
    public PeerView reject(long id) {
        FederationPeer peer = find(id);
        if (peer.getFingerprint() == null) {
            throw new ValidationException(List.of(new FieldError("fingerprint", "required",
                    "a peer is rejected by its certificate; this one has no fingerprint yet")));
        }
        peer.setEnabled(false);
        peer.setStatus(PeerStatus.REJECTED);
        peer.setLastError(io.takfed.connector.api.FederationFailure.FEDERATION_DENIED.label());
        peer.setRetryCount(0);
        peer.setNextAttemptAt(null);
        em.flush();
        java.util.logging.Logger.getLogger(PeerCatalog.class.getName()).log(java.util.logging.Level.WARNING,
                "TAKFED-F001 federation-denied: {0} ({1}) rejected by an administrator",
                new Object[] {peer.getName(), peer.getFingerprint()});
        return view(peer);
    }

    public void delete(long id) {
        em.remove(find(id));
        em.flush();
    }

    public long count() {
        return em.createQuery("select count(p) from FederationPeer p", Long.class).getSingleResult();
    }

    public long countEnabled() {
        return em.createNamedQuery(FederationPeer.COUNT_ENABLED, Long.class).getSingleResult();
    }

    public long countWithStatus(String status) {
        return em.createNamedQuery(FederationPeer.COUNT_STATUS, Long.class).setParameter("status", status)
                .getSingleResult();
    }

    /** The material a dial-out presents for this peer: its own client chain and key, when configured. */
    public PeerCredentials credentials(long id) {
        FederationPeer peer = find(id);
        try {
            List<X509Certificate> anchors = peer.getCaCertificate() == null ? List.of()
                    : Pem.certificates(peer.getCaCertificate());
            if (peer.getClientKeyCiphertext() == null) {
                return new PeerCredentials(view(peer), anchors, List.of(), Optional.empty());
            }
            List<X509Certificate> chain = Pem.certificates(peer.getClientCertificate());
            PrivateKey key = Pem.privateKey(cipher.decrypt(peer.getClientKeyCiphertext(), keyPurpose(peer.getId())),
                    null);
            return new PeerCredentials(view(peer), anchors, chain, Optional.of(key));
        } catch (PemException e) {
            throw new IllegalStateException("stored PEM of federation server " + id + " no longer parses", e);
        }
    }

    private FederationPeer find(long id) {
        FederationPeer peer = em.find(FederationPeer.class, id);
        if (peer == null) {
            throw new PeerNotFoundException(id);
        }
        return peer;
    }

    private static void require(PeerDraft draft, PeerPatch patch) {
        List<FieldError> errors = new java.util.ArrayList<>(PeerValidator.validate(draft));
        if (errors.isEmpty()) {
            errors.addAll(PeerValidator.certificateErrors(patch, java.time.Instant.now()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private void ensureNameFree(String name, Long self) {
        em.createNamedQuery(FederationPeer.BY_NAME, FederationPeer.class).setParameter("name", name)
                .getResultList().stream().filter(other -> !other.getId().equals(self)).findFirst()
                .ifPresent(other -> {
                    throw new NameTakenException(name);
                });
    }

    private void ensureFallbackExists(Integer fallback, Long self) {
        if (fallback == null) {
            return;
        }
        if (fallback.longValue() == (self == null ? -1 : self) || em.find(FederationPeer.class, fallback.longValue()) == null) {
            throw new ValidationException(new FieldError("fallback_server_id", "invalid-value",
                    "fallback_server_id must name another existing federation server"));
        }
    }

    private void ensureFingerprintFree(String fingerprint, Long self) {
        if (fingerprint == null) {
            return;
        }
        byFingerprint(fingerprint).filter(other -> !other.getId().equals(self)).ifPresent(other -> {
            throw new ValidationException(new FieldError("fingerprint", "fingerprint-taken",
                    "federation server " + other.getId() + " already has this certificate fingerprint"));
        });
    }

    java.util.Optional<FederationPeer> byFingerprint(String fingerprint) {
        return em.createNamedQuery(FederationPeer.BY_FINGERPRINT, FederationPeer.class)
                .setParameter("fingerprint", fingerprint).getResultList().stream().findFirst();
    }

    private void copy(PeerDraft draft, FederationPeer peer) {
        peer.setName(draft.name);
        peer.setDescription(draft.description);
        peer.setAddress(draft.address);
        peer.setPort(draft.port);
        peer.setConnectionType(draft.connectionType);
        peer.setProtocolVersion(draft.protocolVersion);
        peer.setTransportProtocol(draft.transportProtocol);
        peer.setUseTls(draft.useTls);
        peer.setVerifySsl(draft.verifySsl);
        peer.setDomain(draft.domain == null ? null : io.takfed.pki.HostnameMatch.normalize(draft.domain));
        peer.setCaCertificate(draft.caCertificate);
        peer.setClientCertificate(draft.clientCertificate);
        if (!draft.hasStoredKey) {
            peer.setClientKeyCiphertext(draft.clientKey == null || peer.getId() == null ? null
                    : cipher.encrypt(draft.clientKey, keyPurpose(peer.getId())));
        }
        peer.setSyncMissions(draft.syncMissions);
        peer.setSyncCot(draft.syncCot);
        peer.setMissionFilter(JsonStringList.write(draft.missionFilter));
        peer.setEnabled(draft.enabled);
        peer.setFingerprint(draft.fingerprint);
        peer.setInboundGroups(JsonStringList.write(draft.inboundGroups));
        peer.setOutboundGroups(JsonStringList.write(draft.outboundGroups));
        peer.setMaxHops(draft.maxHops);
        peer.setReconnectInterval(draft.reconnectInterval);
        peer.setMaxRetries(draft.maxRetries);
        peer.setFallbackServerId(draft.fallbackServerId == null ? null : draft.fallbackServerId.longValue());
        peer.controls(draft.controls());
    }

    static PeerView view(FederationPeer p) {
        return new PeerView(p.getId(), p.getName(), p.getDescription(), p.getAddress(), p.getPort(),
                p.getConnectionType(), p.getProtocolVersion(), p.getTransportProtocol(), p.isUseTls(), p.isVerifySsl(),
                p.getCaCertificate(), p.getClientCertificate(), p.getClientKeyCiphertext() != null, p.isSyncMissions(),
                p.isSyncCot(), JsonStringList.read(p.getMissionFilter()), p.isEnabled(), p.getStatus(),
                p.getLastConnected(), p.getLastError(), p.getNodeId(), p.getCreatedAt(), p.getUpdatedAt(),
                p.getFingerprint(), JsonStringList.read(p.getInboundGroups()), JsonStringList.read(p.getOutboundGroups()),
                p.getMaxHops(), p.getReconnectInterval(), p.getMaxRetries(), p.getRetryCount(), p.getNextAttemptAt(),
                p.getFallbackServerId(), p.getDomain(), p.controls());
    }
}
