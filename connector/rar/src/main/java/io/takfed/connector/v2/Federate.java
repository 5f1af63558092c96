package io.takfed.connector.v2;

import io.takfed.wire.v2.FederatedEvent;

/** A federate on a live v2 link, whichever side dialled: what the relay needs to reach it. */
interface Federate {

    /** SHA-256 fingerprint of the federate's certificate. */
    String fingerprint();

    /** The federate's node id as it announced it, or empty. */
    String serverId();

    /** True when events can be written to it. */
    boolean receiving();

    /** Writes one event if the link can take it now; counts a drop otherwise. */
    boolean send(FederatedEvent event);
}
