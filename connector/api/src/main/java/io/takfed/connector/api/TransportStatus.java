package io.takfed.connector.api;

import java.io.Serializable;
import java.time.Instant;

/**
 * The resource adapter's state: whether its event loops run, and which certificate it presents.
 *
 * @param started            true between a successful {@code start} and {@code stop}
 * @param pkiSource          {@code configured} (operator files) or {@code generated} (development PKI)
 * @param subject            subject DN of the server certificate
 * @param fingerprintSha256  SHA-256 of the server certificate, uppercase and colon-separated
 * @param notAfter           expiry of the server certificate
 * @param tlsProtocols       protocols the TLS context enables
 * @param eventLoopThreads   worker threads of the Netty event loop group
 * @param v2Listener         {@code listening on host:port}, {@code disabled}, or {@code failed: reason}
 * @param v1Listener         the same for the v1 listener
 */
public record TransportStatus(boolean started, String pkiSource, String subject, String fingerprintSha256,
                              Instant notAfter, String[] tlsProtocols, int eventLoopThreads, String v2Listener,
                              String v1Listener)
        implements Serializable {

    public static TransportStatus stopped() {
        return new TransportStatus(false, null, null, null, null, new String[0], 0, "disabled", "disabled");
    }
}
