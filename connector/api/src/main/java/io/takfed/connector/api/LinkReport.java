package io.takfed.connector.api;

import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.Pem;
import java.io.Serializable;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * One live federation link as the transport sees it, for the domain to match against its peers by
 * fingerprint: known peers get their status and counters, unknown ones become pending peers.
 *
 * @param federate   inbound: the peer opened its event stream to us; outbound: our session is fully up
 * @param direction  {@code inbound} (it dialled us) or {@code outbound} (we dialled it)
 * @param peerId     for outbound links, the peer we dialled; 0 for inbound ones
 * @param state      {@code connecting}, {@code connected} or {@code failed}
 * @param failure    for a failed link, its label from {@link FederationFailure}; else null
 * @param closures   how many of this federate's links the transport closed for each failure label since it
 *                   started (v1: protocol-error, frame-too-large, ...); empty where none were
 */
public record LinkReport(String fingerprint, String displayName, String subject, String issuer,
                         String certificatePem, String protocol, String remoteAddress, Instant connectedSince,
                         boolean federate, long eventsIn, long eventsOut, long eventsDropped, Instant lastEventAt,
                         String direction, long peerId, String state, String failure, String detail,
                         java.util.Map<String, Long> closures) implements Serializable {

    public LinkReport {
        closures = java.util.Map.copyOf(closures);
    }

    /** The same, with the certificate fields taken from what the peer presented. */
    public LinkReport(String fingerprint, Presented presented, String protocol, String remoteAddress,
                      Instant connectedSince, boolean federate, long eventsIn, long eventsOut, long eventsDropped,
                      Instant lastEventAt, String direction, long peerId, String state, String failure, String detail,
                      java.util.Map<String, Long> closures) {
        this(fingerprint, presented.displayName(), presented.subject(), presented.issuer(),
                presented.certificatePem(), protocol, remoteAddress, connectedSince, federate, eventsIn, eventsOut,
                eventsDropped, lastEventAt, direction, peerId, state, failure, detail, closures);
    }

    /** What a link's peer certificate says of it; before a certificate is seen, only a name to show. */
    public record Presented(String displayName, String subject, String issuer, String certificatePem) {

        public static Presented of(X509Certificate leaf, String nameWithoutCertificate) {
            return leaf == null ? new Presented(nameWithoutCertificate, null, null, null)
                    : new Presented(CertificateIdentity.displayName(leaf), leaf.getSubjectX500Principal().getName(),
                    leaf.getIssuerX500Principal().getName(), Pem.write(leaf));
        }
    }

    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";
}
