package io.takfed.api.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takfed.api.problems.ApiException;
import io.takfed.peers.PeerField;
import io.takfed.peers.PeerPatch;
import io.takfed.peers.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerJsonReaderTest {

    @Test
    void readsTheSeedDocumentsExampleWithTypesIntact() {
        PeerPatch patch = PeerJsonReader.read("""
                {"name": "Remote TAK Server", "address": "remote.example.com", "port": 9001,
                 "connection_type": "outbound", "protocol_version": "v2", "use_tls": true, "verify_ssl": false,
                 "sync_missions": true, "sync_cot": true, "enabled": true, "mission_filter": ["Training-*"],
                 "description": null}""");
        assertEquals(9001, patch.integer(PeerField.PORT));
        assertEquals(Boolean.FALSE, patch.bool(PeerField.VERIFY_SSL));
        assertEquals(List.of("Training-*"), patch.strings(PeerField.MISSION_FILTER));
        assertTrue(patch.has(PeerField.DESCRIPTION), "an explicit null is kept apart from an absent field");
        assertNull(patch.string(PeerField.DESCRIPTION));
        assertFalse(patch.has(PeerField.CA_CERTIFICATE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"use_tls\": \"true\"}|use_tls|invalid-type",
            "{\"enabled\": 1}|enabled|invalid-type",
            "{\"port\": \"9001\"}|port|invalid-type",
            "{\"port\": 9001.5}|port|invalid-type",
            "{\"name\": 42}|name|invalid-type",
            "{\"name\": null}|name|invalid-type",
            "{\"sync_cot\": null}|sync_cot|invalid-type",
            "{\"mission_filter\": \"Training-*\"}|mission_filter|invalid-type",
            "{\"mission_filter\": [1, 2]}|mission_filter|invalid-type",
            "{\"colour\": \"blue\"}|colour|unknown-field",
            "{\"id\": 7}|id|read-only-field",
            "{\"status\": \"connected\"}|status|read-only-field",
            "{\"has_client_key\": true}|has_client_key|read-only-field"})
    void rejectsWrongTypesUnknownAndReadOnlyFields(String body, String field, String label) {
        ValidationException error = assertThrows(ValidationException.class, () -> PeerJsonReader.read(body));
        assertEquals(field, error.errors().get(0).field());
        assertEquals(label, error.errors().get(0).label());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {"{not json|malformed-json", "[1,2]|body-not-object", "'   '|empty-body",
            "\"text\"|body-not-object"})
    void rejectsBodiesThatAreNotOneObject(String body, String label) {
        ApiException error = assertThrows(ApiException.class, () -> PeerJsonReader.read(body));
        assertEquals(label, error.problem().label());
        assertEquals(400, error.problem().status());
    }
}
