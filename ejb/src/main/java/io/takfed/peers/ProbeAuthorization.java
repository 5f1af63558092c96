package io.takfed.peers;

import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.ProbeRequest;
import io.takfed.connector.api.routing.FederationStrategy;

/** The authorization stage of a test: would our own policy let the peer's link carry anything, and if not, why. */
final class ProbeAuthorization {

    private ProbeAuthorization() {
    }

    /** Null when the peer is admitted; else the label the link would get, with what to do. */
    static ProbeRequest.Refusal of(PeerView peer, FederationStrategy strategy) {
        if (strategy == FederationStrategy.ALLOW_NONE) {
            return new ProbeRequest.Refusal(FederationFailure.FEDERATION_DENIED, "federation is switched off here "
                    + "(TAKFED_FEDERATION_STRATEGY=allowNone): no link to any peer carries data");
        }
        if (PeerStatus.REJECTED.equals(peer.status())) {
            return new ProbeRequest.Refusal(FederationFailure.FEDERATION_DENIED, "an administrator rejected this "
                    + "peer; approve it to federate with it");
        }
        if (!peer.enabled()) {
            return PeerLinks.PENDING_APPROVAL.equals(peer.status())
                    ? new ProbeRequest.Refusal(FederationFailure.PENDING_APPROVAL, "the peer waits for approval: "
                            + "set enabled to true (PUT /api/federation/servers/" + peer.id() + ") to approve it")
                    : new ProbeRequest.Refusal(FederationFailure.FEDERATION_DENIED, "the peer is disabled; set "
                            + "enabled to true to federate with it");
        }
        if (peer.controls().federatedGroupMapping() && !peer.controls().receivesInbound(peer.inboundGroups())) {
            return new ProbeRequest.Refusal(FederationFailure.NO_GROUPS, "federated_group_mapping is on but maps the"
                    + " peer's groups to none of ours, so nothing it sends would flow; set inbound_group_mapping, "
                    + "automatic_group_mapping (same CA only), or fallback_when_no_group_mappings with inbound_groups");
        }
        if (!peer.controls().federatedGroupMapping() && peer.inboundGroups().isEmpty()
                || peer.outboundGroups().isEmpty()) {
            return new ProbeRequest.Refusal(FederationFailure.NO_GROUPS, "the peer shares no groups "
                    + (peer.inboundGroups().isEmpty() ? "inbound" : "outbound") + ", so nothing would flow that way; "
                    + "set inbound_groups and outbound_groups");
        }
        return null;
    }
}
