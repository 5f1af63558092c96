package io.takfed.missions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mission-filter table: exact names, wildcards, case, and the two special filters. */
class MissionFilterTest {

    @ParameterizedTest(name = "filter {0}, mission {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "null             | anything        | true",
            "[]               | anything        | false",
            "Operation-Alpha  | Operation-Alpha | true",
            "Operation-Alpha  | operation-ALPHA | true",
            "Operation-Alpha  | Operation-Alpha2| false",
            "Training-*       | Training-       | true",
            "Training-*       | training-day-1  | true",
            "Training-*       | Training        | false",
            "ops-?            | ops-1           | true",
            "ops-?            | ops-12          | false",
            "ops-?            | ops-            | false",
            "*                | x               | true",
            "*a*b*            | xxaYYbzz        | true",
            "*a*b*            | xxbYYazz        | false",
            "a.b              | aXb             | false",
            "Alpha,Training-* | training-x      | true",
            "Alpha,Training-* | beta            | false",
    })
    void admits(String filter, String mission, boolean expected) {
        List<String> parsed = "null".equals(filter) ? null
                : "[]".equals(filter) ? List.of() : Arrays.asList(filter.split(","));
        assertEquals(expected, MissionFilter.admits(parsed, mission.trim()));
    }
}
