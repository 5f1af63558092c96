package io.takfed.connector.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.connector.api.routing.FederateControls;
import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.wire.v2.FederateGroupHopLimit;
import io.takfed.wire.v2.FederateGroupHopLimits;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.FederatedFrame;
import io.takfed.wire.v2.GeoEvent;
import io.takfed.wire.Frames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TAK 5.7's per-federate controls as the relay applies them: group mapping of what a peer sends (spec 2.3),
 * per-group hop limits (7.3) and alert sharing, each row one case, on federates that record what reaches them.
 */
class FederateControlsRoutingTest {

    private static final String OUR_CA = "CA:OURS";

    /** A federate on a live link that keeps what it is sent. */
    private static final class Recorder implements Federate {
        final List<FederatedFrame> got = new ArrayList<>();
        private final String fingerprint;
        private final String ca;

        Recorder(String fingerprint, String ca) {
            this.fingerprint = fingerprint;
            this.ca = ca;
        }

        @Override
        public String fingerprint() {
            return fingerprint;
        }

        @Override
        public String caFingerprint() {
            return ca;
        }

        @Override
        public String serverId() {
            return "";
        }

        @Override
        public boolean receiving() {
            return true;
        }

        @Override
        public boolean established() {
            return true;
        }

        @Override
        public long lastActivityNanos() {
            return System.nanoTime();
        }

        @Override
        public boolean send(FederatedFrame frame) {
            got.add(frame);
            return true;
        }
    }

    private static Set<String> set(String list) {
        return list.isBlank() ? Set.of() : Set.of(list.split("\\+"));
    }

    private static Map<String, Set<String>> mapping(String pairs) {
        java.util.Map<String, Set<String>> map = new java.util.HashMap<>();
        for (String pair : pairs.isBlank() ? new String[0] : pairs.split("\\+")) {
            String[] parts = pair.split(">");
            map.computeIfAbsent(parts[0], k -> new java.util.HashSet<>()).add(parts[1]);
        }
        return map;
    }

    private static FederatedFrame event(String type, String... groups) {
        return Frames.of(FederatedEvent.newBuilder().setEvent(GeoEvent.newBuilder().setUid("u-1").setType(type)
                .setOther("<detail/>")).addAllFederateGroups(Arrays.asList(groups)).build());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case                              | mapping | pairs         | auto  | fallback | sender CA | remote groups | groups at B (blue+green out)
            "mapping off: the inbound groups     | false   | ' '           | false | false    | CA:OURS   | red           | blue",
            "explicit mapping                    | true    | red>green     | false | false    | CA:OTHER  | red           | green",
            "two remote groups, one mapped       | true    | red>green     | false | false    | CA:OTHER  | red+black     | green",
            "nothing maps, no fallback           | true    | red>green     | false | false    | CA:OTHER  | black         | ' '",
            "nothing maps, fallback              | true    | red>green     | false | true     | CA:OTHER  | black         | blue",
            "no groups sent, fallback            | true    | red>green     | false | true     | CA:OTHER  | ' '           | blue",
            "automatic, our CA: by name          | true    | ' '           | true  | false    | CA:OURS   | green         | green",
            "automatic, another CA: not by name  | true    | ' '           | true  | false    | CA:OTHER  | green         | ' '",
            "automatic, another CA: the mapping  | true    | red>blue      | true  | false    | CA:OTHER  | red           | blue",
            "a mapped group B does not receive   | true    | red>yellow    | false | false    | CA:OTHER  | red           | ' '"})
    void groupMappingDecidesTheGroupsAnEventFromAReachesBIn(String rule, boolean mapping, String pairs,
                                                            boolean automatic, boolean fallback, String senderCa,
                                                            String remote, String expected) {
        FederateControls controls = new FederateControls(mapping, mapping(pairs), automatic, fallback, false, Map.of(),
                true);
        PeerPolicy a = new PeerPolicy(1, "A", "A", Set.of("blue"), Set.of("blue"), true, -1).with(controls);
        PeerPolicy b = new PeerPolicy(2, "B", "B", Set.of("blue"), Set.of("blue", "green"), true, -1);
        Relay relay = new Relay(RoutingTable.of("hub", List.of(a, b)), false);
        relay.ourCa(() -> OUR_CA);
        Recorder fromA = new Recorder("A", senderCa);
        Recorder toB = new Recorder("B", OUR_CA);
        relay.join(fromA);
        relay.join(toB);
        relay.route(fromA, event("a-f-G", remote.isBlank() ? new String[0] : remote.split("\\+")));
        if (expected.isBlank()) {
            assertTrue(toB.got.isEmpty(), rule + ": nothing reaches B");
        } else {
            assertEquals(1, toB.got.size(), rule);
            assertEquals(set(expected), new TreeSet<>(toB.got.get(0).getFederateGroupsList()), rule);
        }
        assertEquals(set(remote), Set.copyOf(relay.remoteGroups().of("A")),
                rule + ": the groups A sent are kept as what it advertised");
    }

    /** A relays to B, which has the given controls; what B got. */
    private static List<FederatedFrame> toB(FederateControls controls, FederatedFrame frame) {
        PeerPolicy a = new PeerPolicy(1, "A", "A", Set.of("blue", "red"), Set.of("blue"), true, -1);
        PeerPolicy b = new PeerPolicy(2, "B", "B", Set.of("blue"), Set.of("blue", "red"), true, -1).with(controls);
        Relay relay = new Relay(RoutingTable.of("hub", List.of(a, b)), false);
        Recorder fromA = new Recorder("A", null);
        Recorder toB = new Recorder("B", null);
        relay.join(fromA);
        relay.join(toB);
        relay.route(fromA, frame);
        return toB.got;
    }

    private static FederateControls hopLimits(Map<String, Integer> limits) {
        return new FederateControls(false, Map.of(), false, false, true, limits, true);
    }

    private static FederatedFrame carrying(long blueMax, long blueCurrent) {
        return event("a-f-G").toBuilder().setFederateGroupHopLimits(FederateGroupHopLimits.newBuilder()
                .setUseFederateGroupHopLimits(true).addLimits(FederateGroupHopLimit.newBuilder().setGroupName("blue")
                        .setMaxHops(blueMax).setCurrentHops(blueCurrent))).build();
    }

    @Test
    void aReceiversGroupHopLimitsStartAtOneHopForEachGroupTheEventGoesIn() {
        List<FederatedFrame> got = toB(hopLimits(Map.of("blue", 2, "red", 0)), event("a-f-G"));
        assertEquals(1, got.size(), "blue still has hops, so the event goes");
        Map<String, FederateGroupHopLimit> limits = byGroup(got.get(0));
        assertEquals(2, limits.get("blue").getMaxHops());
        assertEquals(1, limits.get("blue").getCurrentHops());
        assertEquals(1, limits.get("red").getCurrentHops(), "red is limited to none beyond here: past its limit");
        assertTrue(got.get(0).getFederateGroupHopLimits().getUseFederateGroupHopLimits());
    }

    @Test
    void anEventWhoseEveryGroupIsPastItsLimitGoesNowhere() {
        assertTrue(toB(hopLimits(Map.of("blue", 0, "red", 0)), event("a-f-G")).isEmpty(),
                "both groups limited to 0 further hops");
        assertEquals(1, toB(hopLimits(Map.of("blue", 0)), event("a-f-G")).size(),
                "red has no limit, so it still has hops");
    }

    @Test
    void carriedLimitsAreCountedAtEveryHopWhetherOrNotTheReceiverLimitsGroups() {
        FederateControls none = FederateControls.NONE;
        FederatedFrame atTwoOfThree = carrying(3, 2);
        List<FederatedFrame> got = toB(none, atTwoOfThree);
        assertEquals(3, byGroup(got.get(0)).get("blue").getCurrentHops(), "one more hop, 3 of 3");
        FederateControls onlyBlue = new FederateControls(false, Map.of(), false, false, false, Map.of(), true);
        PeerPolicy a = new PeerPolicy(1, "A", "A", Set.of("blue"), Set.of("blue"), true, -1);
        PeerPolicy b = new PeerPolicy(2, "B", "B", Set.of("blue"), Set.of("blue"), true, -1).with(onlyBlue);
        Relay relay = new Relay(RoutingTable.of("hub", List.of(a, b)), false);
        Recorder fromA = new Recorder("A", null);
        Recorder toB = new Recorder("B", null);
        relay.join(fromA);
        relay.join(toB);
        relay.route(fromA, carrying(3, 3));
        assertTrue(toB.got.isEmpty(), "blue, its only group, made its 3 hops: it goes no further");
    }

    @Test
    void aReceiversOwnLimitTightensACarriedOne() {
        List<FederatedFrame> got = toB(hopLimits(Map.of("blue", 1)), carrying(5, 0));
        assertEquals(1, byGroup(got.get(0)).get("blue").getMaxHops(), "the smaller of 5 carried and 1 configured");
    }

    @Test
    void aPeerThatDoesNotShareAlertsIsSentNoAlertButEverythingElse() {
        FederateControls noAlerts = new FederateControls(false, Map.of(), false, false, false, Map.of(), false);
        assertTrue(toB(noAlerts, event("b-a-o-tbl")).isEmpty(), "an emergency alert stays back");
        assertEquals(1, toB(noAlerts, event("a-f-G-U-C")).size(), "a position report goes");
        assertEquals(1, toB(noAlerts, event("b-m-p-s-p-i")).size(), "other b- types go");
        assertEquals(1, toB(FederateControls.NONE, event("b-a-o-tbl")).size(), "alerts go by default");
    }

    private static Map<String, FederateGroupHopLimit> byGroup(FederatedFrame frame) {
        Map<String, FederateGroupHopLimit> map = new java.util.HashMap<>();
        frame.getFederateGroupHopLimits().getLimitsList().forEach(limit -> map.put(limit.getGroupName(), limit));
        return map;
    }

    @Test
    void aReceiverWithGroupMappingNeedsNoInboundGroupsOfItsOwn() {
        FederateControls mapped = new FederateControls(true, Map.of("red", Set.of("blue")), false, false, false,
                Map.of(), true);
        PeerPolicy a = new PeerPolicy(1, "A", "A", Set.of("blue"), Set.of("blue"), true, -1);
        PeerPolicy b = new PeerPolicy(2, "B", "B", Set.of(), Set.of("blue"), true, -1);
        assertEquals(RouteDecision.Refusal.NO_GROUPS, RouteDecision.check(a, b, false, 0), "without mapping it does");
        assertEquals(RouteDecision.Refusal.NONE, RouteDecision.check(a, b.with(mapped), false, 0));
        FederateControls mapsNothing = new FederateControls(true, Map.of(), false, true, false, Map.of(), true);
        assertEquals(RouteDecision.Refusal.NO_GROUPS, RouteDecision.check(a, b.with(mapsNothing), false, 0),
                "mapping that can map nothing, and a fallback to no inbound groups: it sends nothing, receives nothing");
    }

    @Test
    void withoutLimitsNoneAreWritten() {
        assertFalse(toB(FederateControls.NONE, event("a-f-G")).get(0).hasFederateGroupHopLimits());
    }
}
