package io.takfed.peers;

import java.time.Instant;
import java.util.List;

/** A federation server as the API shows it: everything but the private key, which is only ever "present". */
public record PeerView(long id, String name, String description, String address, int port, String connectionType,
                       String protocolVersion, String transportProtocol, boolean useTls, boolean verifySsl,
                       String caCertificate, String clientCertificate, boolean hasClientKey, boolean syncMissions,
                       boolean syncCot, List<String> missionFilter, boolean enabled, String status,
                       Instant lastConnected, String lastError, String nodeId, Instant createdAt, Instant updatedAt,
                       String fingerprint, List<String> inboundGroups, List<String> outboundGroups, int maxHops,
                       Integer reconnectInterval, int maxRetries, int retryCount, Instant nextAttemptAt,
                       Long fallbackServerId, String domain, PeerControls controls) {
}
