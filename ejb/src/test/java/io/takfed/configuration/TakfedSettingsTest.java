package io.takfed.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TakfedSettingsTest {

    private static TakfedSettings of(Map<String, String> environment) {
        return TakfedSettings.from(key -> Optional.ofNullable(environment.get(key)));
    }

    @Test
    void missionsFederateUnlessTurnedOffAsInTak() {
        assertTrue(of(Map.of()).allowMissionFederation(), "TAK's allowMissionFederation defaults to true");
        assertFalse(of(Map.of("TAKFED_ALLOW_MISSION_FEDERATION", "false")).allowMissionFederation());
        assertTrue(of(Map.of("TAKFED_ALLOW_MISSION_FEDERATION", " TRUE ")).allowMissionFederation());
    }

    @Test
    void aMalformedSwitchIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> of(Map.of("TAKFED_ALLOW_MISSION_FEDERATION", "off please")));
        assertEquals("TAKFED_ALLOW_MISSION_FEDERATION must be true or false, not 'off please'", refused.getMessage());
    }

    @Test
    void deletesFromPeersAndPrivateMissionsStayOffByDefault() {
        TakfedSettings defaults = of(Map.of());
        assertFalse(defaults.allowFederatedDelete());
        assertFalse(defaults.federateOnlyPublicMissions());
        assertEquals(43_200, defaults.missionRecencySeconds());
    }
}
