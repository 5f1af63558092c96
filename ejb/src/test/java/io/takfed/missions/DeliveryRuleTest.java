package io.takfed.missions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.peers.PeerControls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryRuleTest {

    private static final String BLUE = "[\"blue\"]";

    @Test
    void aChangeFromThePeerIsNeverForItWhateverItsNumber() {
        for (long id : new long[] {7, 128, 1_000, 5_000_000_000L}) {
            DeliveryRule rule = new DeliveryRule(id, null, -1, List.of("blue"), null, false);
            // A Long read from the database is another object than the peer's id: compared by value or not at all.
            Long origin = Long.valueOf(Long.toString(id));
            assertFalse(rule.meant(origin, "[\"n1\"]", BLUE, "m", "public"), "peer " + id);
            assertTrue(rule.meant(id + 1, "[\"n1\"]", BLUE, "m", "public"), "another peer's change, for " + id);
        }
    }

    @Test
    void theRulesCotFollows() {
        DeliveryRule rule = new DeliveryRule(1, "node-peer", 2, List.of("blue"), List.of("ops-*"), true);
        assertTrue(rule.meant(null, "[\"here\"]", BLUE, "ops-1", "public"));
        assertFalse(rule.meant(null, "[\"here\",\"node-peer\"]", BLUE, "ops-1", "public"), "through it already");
        assertFalse(rule.meant(null, "[\"here\"]", "[\"red\"]", "ops-1", "public"), "not in a group it receives");
        assertFalse(rule.meant(null, "[\"a\",\"b\",\"c\"]", BLUE, "ops-1", "public"), "past its hop limit");
        assertTrue(rule.meant(null, "[\"a\",\"b\"]", BLUE, "OPS-2", "public"), "one more hop is allowed");
        assertFalse(rule.meant(null, "[\"here\"]", BLUE, "other", "public"), "its filter");
        assertFalse(rule.meant(null, "[\"here\"]", BLUE, "ops-1", "private"), "only public missions");
        DeliveryRule unfiltered = new DeliveryRule(1, null, -1, List.of("blue"), null, true);
        assertTrue(unfiltered.meant(null, "[\"here\"]", BLUE, "", null), "a file belongs to no mission: not held back");
        assertFalse(unfiltered.meant(null, "[\"here\"]", BLUE, "ops-1", null), "a mission of no known tool is");
    }

    @Test
    void storedListsAreReadOncePerTextAndNullIsEmpty() {
        DeliveryRule rule = new DeliveryRule(1, null, -1, null, null, false);
        assertEquals(List.of("a", "b"), rule.list("[\"a\",\"b\"]"));
        assertEquals(List.of(), rule.list(null));
        assertFalse(rule.meant(null, "[\"n\"]", BLUE, "m", "public"), "a peer with no outbound groups gets nothing");
    }

    private static DeliveryRule rule(List<String> filter, boolean federateDefault, Map<String, Boolean> missions) {
        PeerControls controls = new PeerControls(false, Map.of(), false, false, false, Map.of(), federateDefault,
                missions, true, List.of());
        return new DeliveryRule(1, null, -1, List.of("blue"), filter, false, controls);
    }

    private static boolean meant(DeliveryRule rule, String mission) {
        return rule.meant(null, "[\"here\"]", BLUE, mission, "public");
    }

    @Test
    void aPeerWithGroupMappingIsSentTheChangesGroupsItReceivesAndOtherwiseNone() {
        PeerControls mapping = new PeerControls(true, Map.of(), false, false, false, Map.of(), true, Map.of(), true,
                List.of());
        DeliveryRule mapped = new DeliveryRule(1, null, -1, List.of("blue", "green"), null, false, mapping);
        assertEquals(List.of("blue"), mapped.groupsSent("[\"blue\",\"red\"]"));
        assertEquals(List.of(), rule(null, true, Map.of()).groupsSent("[\"blue\"]"), "TAK sends none without mapping");
    }

    @Test
    void aMissionsOwnSwitchDecidesOverTheDefaultAndTheFilterMustAgreeToo() {
        DeliveryRule onlyOps = rule(null, false, Map.of("ops", true, "Secret", false));
        assertTrue(meant(onlyOps, "ops"), "switched on");
        assertTrue(meant(onlyOps, "OPS"), "names compare in any case, as the filter's do");
        assertFalse(meant(onlyOps, "secret"), "switched off");
        assertFalse(meant(onlyOps, "other"), "no switch: the default, off");
        assertTrue(meant(onlyOps, ""), "a file belongs to no mission and is not held back");

        DeliveryRule allButSecret = rule(null, true, Map.of("secret", false));
        assertTrue(meant(allButSecret, "other"), "no switch: the default, on");
        assertFalse(meant(allButSecret, "SECRET"), "switched off over the default");

        DeliveryRule filtered = rule(List.of("ops-*"), true, Map.of("ops-x", false, "other", true));
        assertTrue(meant(filtered, "ops-1"), "filter and default both admit it");
        assertFalse(meant(filtered, "ops-x"), "the filter admits it, its switch does not");
        assertFalse(meant(filtered, "other"), "its switch admits it, the filter does not");
        assertTrue(meant(rule(List.of("other"), false, Map.of("other", true)), "other"), "both say yes");
    }
}
