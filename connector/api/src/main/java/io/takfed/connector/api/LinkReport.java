package io.takfed.connector.api;

import java.io.Serializable;
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

    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";
}
