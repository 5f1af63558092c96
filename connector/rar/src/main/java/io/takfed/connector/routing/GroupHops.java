package io.takfed.connector.routing;

import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.wire.v2.FederateGroupHopLimit;
import io.takfed.wire.v2.FederateGroupHopLimits;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * TAK's per-group hop limits (spec 7.3), carried as {@code federateGroupHopLimits} beside {@code federateHops}. A
 * limit an event arrives with is counted on at every hop; a receiver with {@code use_group_hop_limiting} adds its
 * {@code outbound_group_hop_limits} for groups that carry none yet, starting at one hop. An event goes nowhere once
 * every one of its groups is limited and has no hops left; a group without a limit always has hops left.
 */
final class GroupHops {

    private GroupHops() {
    }

    /** The limits the event carries to {@code receiver} in {@code groups}; the default instance when none apply. */
    static FederateGroupHopLimits next(FederateGroupHopLimits carried, Collection<String> groups, PeerPolicy receiver) {
        if (carried.getLimitsCount() == 0 && !receiver.controls().useGroupHopLimiting()) {
            return FederateGroupHopLimits.getDefaultInstance();
        }
        Map<String, FederateGroupHopLimit> arrived = new HashMap<>();
        for (FederateGroupHopLimit limit : carried.getLimitsList()) {
            arrived.put(limit.getGroupName(), limit);
        }
        FederateGroupHopLimits.Builder next = FederateGroupHopLimits.newBuilder();
        for (String group : groups) {
            FederateGroupHopLimit limit = arrived.get(group);
            Integer configured = receiver.controls().useGroupHopLimiting()
                    ? receiver.controls().outboundGroupHopLimits().get(group) : null;
            if (limit != null) {
                long max = configured == null || limit.getMaxHops() >= 0 && limit.getMaxHops() < configured
                        ? limit.getMaxHops() : configured;
                next.addLimits(limit.toBuilder().setMaxHops(max).setCurrentHops(limit.getCurrentHops() + 1));
            } else if (configured != null) {
                next.addLimits(FederateGroupHopLimit.newBuilder().setGroupName(group).setMaxHops(configured)
                        .setCurrentHops(1));
            }
        }
        return next.getLimitsCount() == 0 ? FederateGroupHopLimits.getDefaultInstance()
                : next.setUseFederateGroupHopLimits(true).build();
    }

    /** True when every one of {@code groups} is limited and past its limit: the event must not go. */
    static boolean exhausted(FederateGroupHopLimits limits, Collection<String> groups) {
        if (limits.getLimitsCount() == 0 || groups.isEmpty()) {
            return false;
        }
        Map<String, FederateGroupHopLimit> byGroup = new HashMap<>();
        for (FederateGroupHopLimit limit : limits.getLimitsList()) {
            byGroup.put(limit.getGroupName(), limit);
        }
        for (String group : groups) {
            FederateGroupHopLimit limit = byGroup.get(group);
            if (limit == null || limit.getMaxHops() < 0 || limit.getCurrentHops() <= limit.getMaxHops()) {
                return false;
            }
        }
        return true;
    }
}
