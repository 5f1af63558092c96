package io.takfed.connector.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.routing.RouteDecision.Refusal;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Federation Hub's routing rules, one row each. */
class RouteDecisionTest {

    private static PeerPolicy peer(String fingerprint, String in, String out, boolean cot, int maxHops) {
        return new PeerPolicy(1, fingerprint, fingerprint, groups(in), groups(out), cot, maxHops);
    }

    private static Set<String> groups(String list) {
        return list.isBlank() ? Set.of() : Set.of(list.split("\\+"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "shared group               | A | blue     | blue      | true  | B | blue | blue     | true  | -1 | false | 0 | NONE",
            "one of several groups      | A | red+blue | blue      | true  | B | blue | green+red | true | -1 | false | 0 | NONE",
            "never back to the sender   | A | blue     | blue      | true  | A | blue | blue     | true  | -1 | false | 0 | SAME_PEER",
            "sender without groups      | A | ' '      | ' '       | true  | B | blue | blue     | true  | -1 | false | 0 | NO_GROUPS",
            "receiver without groups    | A | blue     | blue      | true  | B | ' '  | ' '      | true  | -1 | false | 0 | NO_GROUPS",
            "no group in common         | A | blue     | blue      | true  | B | red  | red      | true  | -1 | false | 0 | NO_SHARED_GROUP",
            "receiver has sync_cot off  | A | blue     | blue      | true  | B | blue | blue     | false | -1 | false | 0 | COT_OFF",
            "sender has sync_cot off    | A | blue     | blue      | false | B | blue | blue     | true  | -1 | false | 0 | COT_OFF",
            "receiver already visited   | A | blue     | blue      | true  | B | blue | blue     | true  | -1 | true  | 0 | ALREADY_VISITED",
            "within the hop limit       | A | blue     | blue      | true  | B | blue | blue     | true  | 2  | false | 1 | NONE",
            "at the hop limit           | A | blue     | blue      | true  | B | blue | blue     | true  | 2  | false | 2 | HOP_LIMIT",
            "zero hops allowed          | A | blue     | blue      | true  | B | blue | blue     | true  | 0  | false | 0 | HOP_LIMIT",
            "unlimited hops             | A | blue     | blue      | true  | B | blue | blue     | true  | -1 | false | 99 | NONE"})
    void decides(String rule, String from, String fromIn, String fromOut, boolean fromCot, String to, String toIn,
                 String toOut, boolean toCot, int toMaxHops, boolean visited, long hops, Refusal expected) {
        assertEquals(expected, RouteDecision.check(peer(from, fromIn, fromOut, fromCot, -1),
                peer(to, toIn, toOut, toCot, toMaxHops), visited, hops), rule);
    }
}
