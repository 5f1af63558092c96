package io.takfed.connector.api;

import java.io.Serializable;
import java.time.Instant;

/**
 * One live federation link as the transport sees it, for the domain to match against its peers by
 * fingerprint: known peers get their status and counters, unknown ones become pending peers.
 *
 * @param federate  the peer has opened its event stream to us (v2 ServerEventStream)
 */
public record LinkReport(String fingerprint, String displayName, String subject, String issuer,
                         String certificatePem, String protocol, String remoteAddress, Instant connectedSince,
                         boolean federate, long eventsIn, long eventsOut, long eventsDropped, Instant lastEventAt)
        implements Serializable {
}
