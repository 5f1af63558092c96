package io.takfed.connector.api.routing;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of every approved peer's policy, keyed by certificate fingerprint, plus this node's id,
 * the federation strategy and the certificates an administrator rejected. The domain replaces it whole whenever
 * peers change; readers never see a half-applied update.
 */
public record RoutingTable(String nodeId, Map<String, PeerPolicy> byFingerprint, FederationStrategy strategy,
                           Set<String> rejected) implements java.io.Serializable {

    public static RoutingTable empty(String nodeId) {
        return empty(nodeId, FederationStrategy.ALLOW_DYNAMIC);
    }

    public static RoutingTable empty(String nodeId, FederationStrategy strategy) {
        return new RoutingTable(nodeId, Map.of(), strategy, Set.of());
    }

    public static RoutingTable of(String nodeId, Collection<PeerPolicy> peers) {
        return of(nodeId, peers, FederationStrategy.ALLOW_DYNAMIC, Set.of());
    }

    public static RoutingTable of(String nodeId, Collection<PeerPolicy> peers, FederationStrategy strategy,
                                  Set<String> rejected) {
        return new RoutingTable(nodeId, peers.stream()
                .collect(Collectors.toUnmodifiableMap(PeerPolicy::fingerprint, Function.identity())), strategy,
                rejected);
    }

    public RoutingTable {
        byFingerprint = Map.copyOf(byFingerprint);
        rejected = Set.copyOf(rejected);
    }

    public Optional<PeerPolicy> peer(String fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /**
     * Why a certificate may not federate at all ({@code federation-denied}), or empty when it may. Checked as soon
     * as the certificate is known, before a session, a pending peer or any protocol processing exists for it.
     */
    public Optional<String> refusal(String fingerprint) {
        if (strategy == FederationStrategy.ALLOW_NONE) {
            return Optional.of("federation is switched off here (TAKFED_FEDERATION_STRATEGY=allowNone)");
        }
        if (rejected.contains(fingerprint)) {
            return Optional.of("an administrator rejected this certificate");
        }
        return Optional.empty();
    }
}
