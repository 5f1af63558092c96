package io.takfed.connector.routing;

import io.takfed.wire.v2.FederatedFrame;

/** A federate on a live link, whichever protocol and whichever side dialled: what the relay needs to reach it. */
public interface Federate {

    /** SHA-256 fingerprint of the federate's certificate; null until its certificate is known. */
    String fingerprint();

    /** SHA-256 fingerprint of the CA certificate the federate presented after its own; null when it sent none. */
    default String caFingerprint() {
        return null;
    }

    /** The federate's node id as it announced it, or empty (v1 announces none). */
    String serverId();

    /** True when events can be written to it. */
    boolean receiving();

    /** True once the link is fully up (v2: the peer's events are accepted; v1: the peer is admitted). */
    boolean established();

    /** {@link System#nanoTime()} of the last sign of life (a v2 health check, a v1 frame): zombies are told by it. */
    long lastActivityNanos();

    /** Queues one frame for the federate; never waits. False when the link cannot take events at all. */
    boolean send(FederatedFrame frame);
}
