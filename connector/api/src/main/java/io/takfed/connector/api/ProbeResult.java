package io.takfed.connector.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of a probe.
 *
 * @param lastStagePassed   the last stage that completed, or null if not even DNS did
 * @param failure           null on success, else the labelled reason
 * @param detail            a plain-language explanation an operator can act on
 * @param elapsedMillis     wall time of the whole probe
 * @param tlsProtocol       negotiated protocol, when TLS completed
 * @param cipherSuite       negotiated suite, when TLS completed
 * @param peerSubject       subject of the certificate the peer presented, if one was seen
 * @param peerIssuer        issuer of that certificate
 * @param peerFingerprint   its SHA-256 fingerprint
 * @param peerNotAfter      its expiry
 */
public record ProbeResult(ProbeStage lastStagePassed, FederationFailure failure, String detail, long elapsedMillis,
                          String tlsProtocol, String cipherSuite, String peerSubject, String peerIssuer,
                          String peerFingerprint, Instant peerNotAfter) implements Serializable {

    public boolean succeeded() {
        return failure == null;
    }

    public Optional<FederationFailure> failureLabel() {
        return Optional.ofNullable(failure);
    }
}
