package io.takfed.peers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules for a federate's TAK 5.7 controls, each failure naming its field, as {@link PeerValidator}'s do. */
final class ControlsValidator {

    /** More hops than any federation has; a limit is a count of hops from here. */
    static final int MAX_HOP_LIMIT = 1000;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final List<FieldError> errors = new ArrayList<>();

    static List<FieldError> validate(PeerDraft draft) {
        ControlsValidator validator = new ControlsValidator();
        validator.groupMapping(draft.inboundGroupMapping);
        validator.hopLimits(draft.outboundGroupHopLimits);
        validator.missions(draft.missionFederation);
        return validator.errors;
    }

    private void groupMapping(Map<String, List<String>> mapping) {
        PeerField field = PeerField.INBOUND_GROUP_MAPPING;
        if (tooMany(field, mapping)) {
            return;
        }
        for (Map.Entry<String, List<String>> entry : mapping.entrySet()) {
            if (!name(entry.getKey()) || entry.getValue().isEmpty() || entry.getValue().size() > PeerValidator.MAX_FILTER_ENTRIES
                    || !entry.getValue().stream().allMatch(ControlsValidator::name)) {
                fail(field, "invalid-value", "inbound_group_mapping maps each remote group name to a non-empty array"
                        + " of local group names, each a non-empty name of at most " + PeerValidator.MAX_NAME
                        + " printable characters, e.g. {\"red\": [\"blue\"]}");
                return;
            }
        }
    }

    private void hopLimits(Map<String, Integer> limits) {
        PeerField field = PeerField.OUTBOUND_GROUP_HOP_LIMITS;
        if (tooMany(field, limits)) {
            return;
        }
        for (Map.Entry<String, Integer> entry : limits.entrySet()) {
            if (!name(entry.getKey())) {
                fail(field, "invalid-value", "outbound_group_hop_limits keys must be group names of at most "
                        + PeerValidator.MAX_NAME + " printable characters");
                return;
            }
            if (entry.getValue() < 0 || entry.getValue() > MAX_HOP_LIMIT) {
                fail(field, "out-of-range", "outbound_group_hop_limits values are hops from 0 to " + MAX_HOP_LIMIT
                        + ", how many more hops an event in that group may make from here");
                return;
            }
        }
    }

    private void missions(Map<String, Boolean> missions) {
        PeerField field = PeerField.MISSION_FEDERATION;
        if (tooMany(field, missions)) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String mission : missions.keySet()) {
            if (!name(mission)) {
                fail(field, "invalid-value", "mission_federation keys must be mission names of at most "
                        + PeerValidator.MAX_NAME + " printable characters");
                return;
            }
            if (!seen.add(mission.toLowerCase(Locale.ROOT))) {
                fail(field, "duplicate", "mission_federation names a mission twice (names are compared in any case)");
                return;
            }
        }
    }

    private boolean tooMany(PeerField field, Map<String, ?> map) {
        if (map == null) {
            fail(field, "invalid-type", field.json() + " must be an object ({} for none)");
            return true;
        }
        if (map.size() > PeerValidator.MAX_FILTER_ENTRIES) {
            fail(field, "too-long", field.json() + " takes at most " + PeerValidator.MAX_FILTER_ENTRIES + " entries");
            return true;
        }
        return false;
    }

    private static boolean name(String value) {
        return !value.isBlank() && value.length() <= PeerValidator.MAX_NAME && !CONTROL.matcher(value).find();
    }

    private void fail(PeerField field, String label, String message) {
        errors.add(new FieldError(field.json(), label, message));
    }
}
