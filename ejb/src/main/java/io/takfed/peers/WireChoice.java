package io.takfed.peers;

import java.util.Arrays;
import java.util.List;

/** The closed value sets of a federation server, each value spelled as the API and database spell it. */
public final class WireChoice {

    public static final List<String> CONNECTION_TYPES = List.of("outbound", "inbound");
    public static final List<String> PROTOCOL_VERSIONS = List.of("v1", "v2");
    /** TAK federates over TCP only (v1 and v2); takfed dials nothing else, so it accepts nothing else. */
    public static final List<String> TRANSPORT_PROTOCOLS = List.of("tcp");

    private WireChoice() {
    }

    static List<String> of(PeerField field) {
        return switch (field) {
            case CONNECTION_TYPE -> CONNECTION_TYPES;
            case PROTOCOL_VERSION -> PROTOCOL_VERSIONS;
            case TRANSPORT_PROTOCOL -> TRANSPORT_PROTOCOLS;
            default -> throw new IllegalArgumentException(field + " is not a choice");
        };
    }

    static boolean isChoice(PeerField field) {
        return Arrays.asList(PeerField.CONNECTION_TYPE, PeerField.PROTOCOL_VERSION, PeerField.TRANSPORT_PROTOCOL)
                .contains(field);
    }
}
