package io.takfed.peers;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A federation server (peer) as the seed document defines it. {@code client_key} is stored only as AES-GCM
 * ciphertext; {@code mission_filter} as a JSON array text (null: every mission).
 */
@Entity
@Table(name = "federation_server")
@NamedQuery(name = FederationPeer.ALL, query = "select p from FederationPeer p order by p.id")
@NamedQuery(name = FederationPeer.BY_NAME, query = "select p from FederationPeer p where p.name = :name")
@NamedQuery(name = FederationPeer.COUNT_ENABLED, query = "select count(p) from FederationPeer p where p.enabled = true")
@NamedQuery(name = FederationPeer.BY_FINGERPRINT, query = "select p from FederationPeer p where p.fingerprint = :fingerprint")
@NamedQuery(name = FederationPeer.COUNT_STATUS, query = "select count(p) from FederationPeer p where p.status = :status")
public class FederationPeer {

    static final String ALL = "FederationPeer.all";
    static final String BY_NAME = "FederationPeer.byName";
    static final String COUNT_ENABLED = "FederationPeer.countEnabled";
    static final String COUNT_STATUS = "FederationPeer.countStatus";
    public static final String BY_FINGERPRINT = "FederationPeer.byFingerprint";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Version
    private long version;

    @Column(nullable = false, unique = true, length = 255)
    private String name;

    @Column(length = 2000)
    private String description;

    @Column(length = 255)
    private String address;

    @Column(nullable = false)
    private int port;

    @Column(name = "connection_type", nullable = false, length = 16)
    private String connectionType;

    @Column(name = "protocol_version", nullable = false, length = 8)
    private String protocolVersion;

    @Column(name = "transport_protocol", nullable = false, length = 16)
    private String transportProtocol;

    @Column(name = "use_tls", nullable = false)
    private boolean useTls;

    @Column(name = "verify_ssl", nullable = false)
    private boolean verifySsl;

    @Column(name = "ca_certificate", length = 262144)
    private String caCertificate;

    @Column(name = "client_certificate", length = 262144)
    private String clientCertificate;

    @Column(name = "client_key_ciphertext", length = 262144)
    private String clientKeyCiphertext;

    @Column(name = "sync_missions", nullable = false)
    private boolean syncMissions;

    @Column(name = "sync_cot", nullable = false)
    private boolean syncCot;

    @Column(name = "mission_filter", length = 262144)
    private String missionFilter;

    @Column(nullable = false)
    private boolean enabled;

    @Column(nullable = false, length = 32)
    private String status;

    @Column(name = "last_connected")
    private Instant lastConnected;

    @Column(name = "last_error", length = 64)
    private String lastError;

    @Column(name = "node_id", length = 255)
    private String nodeId;

    @Column(length = 95, unique = true)
    private String fingerprint;

    @Column(length = 253)
    private String domain;

    @Column(name = "inbound_groups", nullable = false, length = 65536)
    private String inboundGroups = "[]";

    @Column(name = "outbound_groups", nullable = false, length = 65536)
    private String outboundGroups = "[]";

    @Column(name = "max_hops", nullable = false)
    private int maxHops = -1;

    @Column(name = "reconnect_interval")
    private Integer reconnectInterval;

    @Column(name = "max_retries", nullable = false)
    private int maxRetries = -1;

    @Column(name = "retry_count", nullable = false)
    private int retryCount;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "fallback_server_id")
    private Long fallbackServerId;

    @Embedded
    private StoredControls controls = new StoredControls();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @PrePersist
    void created() {
        // Microseconds: what both H2 and PostgreSQL keep, so a value reads back equal to what was written.
        createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        updatedAt = createdAt;
    }

    @PreUpdate
    void updated() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getConnectionType() {
        return connectionType;
    }

    public void setConnectionType(String connectionType) {
        this.connectionType = connectionType;
    }

    public String getProtocolVersion() {
        return protocolVersion;
    }

    public void setProtocolVersion(String protocolVersion) {
        this.protocolVersion = protocolVersion;
    }

    public String getTransportProtocol() {
        return transportProtocol;
    }

    public void setTransportProtocol(String transportProtocol) {
        this.transportProtocol = transportProtocol;
    }

    public boolean isUseTls() {
        return useTls;
    }

    public void setUseTls(boolean useTls) {
        this.useTls = useTls;
    }

    public boolean isVerifySsl() {
        return verifySsl;
    }

    public void setVerifySsl(boolean verifySsl) {
        this.verifySsl = verifySsl;
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    public void setCaCertificate(String caCertificate) {
        this.caCertificate = caCertificate;
    }

    public String getClientCertificate() {
        return clientCertificate;
    }

    public void setClientCertificate(String clientCertificate) {
        this.clientCertificate = clientCertificate;
    }

    public String getClientKeyCiphertext() {
        return clientKeyCiphertext;
    }

    public void setClientKeyCiphertext(String clientKeyCiphertext) {
        this.clientKeyCiphertext = clientKeyCiphertext;
    }

    public boolean isSyncMissions() {
        return syncMissions;
    }

    public void setSyncMissions(boolean syncMissions) {
        this.syncMissions = syncMissions;
    }

    public boolean isSyncCot() {
        return syncCot;
    }

    public void setSyncCot(boolean syncCot) {
        this.syncCot = syncCot;
    }

    public String getMissionFilter() {
        return missionFilter;
    }

    public void setMissionFilter(String missionFilter) {
        this.missionFilter = missionFilter;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public Instant getLastConnected() {
        return lastConnected;
    }

    public void setLastConnected(Instant lastConnected) {
        this.lastConnected = lastConnected;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public void setFingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    public String getInboundGroups() {
        return inboundGroups;
    }

    public void setInboundGroups(String inboundGroups) {
        this.inboundGroups = inboundGroups;
    }

    public String getOutboundGroups() {
        return outboundGroups;
    }

    public void setOutboundGroups(String outboundGroups) {
        this.outboundGroups = outboundGroups;
    }

    public int getMaxHops() {
        return maxHops;
    }

    public void setMaxHops(int maxHops) {
        this.maxHops = maxHops;
    }

    public Integer getReconnectInterval() {
        return reconnectInterval;
    }

    public void setReconnectInterval(Integer reconnectInterval) {
        this.reconnectInterval = reconnectInterval;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public int getRetryCount() {
        return retryCount;
    }

    public void setRetryCount(int retryCount) {
        this.retryCount = retryCount;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public void setNextAttemptAt(Instant nextAttemptAt) {
        this.nextAttemptAt = nextAttemptAt;
    }

    public Long getFallbackServerId() {
        return fallbackServerId;
    }

    public void setFallbackServerId(Long fallbackServerId) {
        this.fallbackServerId = fallbackServerId;
    }

    /** Dialled by us over v2 (v1 dialling arrives with the v1 issue). */
    /** An enabled outbound peer: takfed dials it, on v1 or v2, and its status follows that link. */
    public boolean dialled() {
        return enabled && "outbound".equals(connectionType);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public String getDomain() {
        return domain;
    }

    public void setDomain(String domain) {
        this.domain = domain;
    }

    /** TAK 5.7's per-federate controls (group mapping, group hop limits, mission federation, alerts). */
    public PeerControls controls() {
        return (controls == null ? new StoredControls() : controls).read();
    }

    void controls(PeerControls replacement) {
        if (controls == null) {
            controls = new StoredControls();
        }
        controls.write(replacement);
    }

    /** Stores the groups the peer advertised; true when they changed. */
    boolean remoteGroups(java.util.List<String> advertised) {
        if (controls == null) {
            controls = new StoredControls();
        }
        return controls.remoteGroups(advertised);
    }
}
