package io.takfed.connector.api.routing;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of every approved peer's policy, keyed by certificate fingerprint, plus this node's id.
 * The domain replaces it whole whenever peers change; readers never see a half-applied update.
 */
public record RoutingTable(String nodeId, Map<String, PeerPolicy> byFingerprint) implements java.io.Serializable {

    public static RoutingTable empty(String nodeId) {
        return new RoutingTable(nodeId, Map.of());
    }

    public static RoutingTable of(String nodeId, Collection<PeerPolicy> peers) {
        return new RoutingTable(nodeId, peers.stream()
                .collect(Collectors.toUnmodifiableMap(PeerPolicy::fingerprint, Function.identity())));
    }

    public RoutingTable {
        byFingerprint = Map.copyOf(byFingerprint);
    }

    public Optional<PeerPolicy> peer(String fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }
}
