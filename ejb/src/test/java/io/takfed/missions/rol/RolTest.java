package io.takfed.missions.rol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ROL programs of the protocol description (spec 4.3), read and written. */
class RolTest {

    private static final RolWriter.MissionMetadata OPS1 = new RolWriter.MissionMetadata("ops1", "ANDROID-123", "d",
            "", "public", "…");

    @Test
    void createMissionIsWrittenExactlyAsTakWritesIt() {
        assertEquals("create mission\n{\"type\":\"MissionMetadata\",\"name\":\"ops1\",\"creatorUid\":\"ANDROID-123\","
                + "\"description\":\"d\",\"chatRoom\":\"\",\"tool\":\"public\",\"boundingPolygon\":\"\",\"bbox\":\"\","
                + "\"passwordHash\":\"\",\"path\":\"\",\"classification\":\"\",\"baseLayer\":\"\",\"parentMissionId\":0,"
                + "\"defaultRoleId\":0,\"expiration\":0,\"inviteOnly\":false,\"guid\":\"…\"};",
                RolWriter.createMission(OPS1).text());
    }

    @Test
    void updateMissionIsWrittenExactlyAsTakWritesIt() {
        RolWriter.MissionMetadata mission = new RolWriter.MissionMetadata("ops1", "…", "d", "", "public", "g");
        assertEquals("update mission\n{\"content\":{\"hashes\":[\"<sha256>\"],\"uids\":[\"<cot uid>\"]},"
                + "\"creatorUid\":\"…\",\"changeType\":\"ADD_CONTENT\",\"missionName\":\"ops1\",\"missionCreatorUid\":\"…\","
                + "\"missionChatRoom\":\"\",\"missionTool\":\"public\",\"missionDescription\":\"d\",\"date\":1700000000000};",
                RolWriter.updateMission("ADD_CONTENT", new RolWriter.Content(List.of("<sha256>"), List.of("<cot uid>")),
                        "…", mission, 1_700_000_000_000L).text());
    }

    @Test
    void announcePackageIsWrittenExactlyAsTakWritesIt() {
        assertEquals("announce package\n{\"type\":\"ResourceDetails\",\"sha256\":\"…\","
                + "\"senderUid\":\"{\\\"uids\\\":[],\\\"callsigns\\\":[]}\",\"name\":\"pkg.zip\",\"filename\":\"pkg.zip\","
                + "\"senderUrl\":\"\",\"tsStored\":1700000000000,\"senderCallsign\":\"ALPHA\",\"sizeInBytes\":1234};",
                RolWriter.announcePackage("…", "pkg.zip", "pkg.zip", 1_700_000_000_000L, "ALPHA", 1234).text());
    }

    @Test
    void everyProgramTakfedWritesReadsBackAsItWasWritten() throws Exception {
        for (RolProgram written : List.of(RolWriter.createMission(OPS1), RolWriter.deleteMission("ops1", "ANDROID-123"),
                RolWriter.updateMission("REMOVE_CONTENT", new RolWriter.Content(List.of(), List.of("uid-1")), "me",
                        OPS1, 5),
                RolWriter.createResource(new RolWriter.Resource("a \"quoted\" file.txt", "text/plain", "a", 
                        "2023-11-14T22:13:20.0Z", "me", "u-1", "ab".repeat(32), 3, "me", "public")),
                RolWriter.announcePackage("ab".repeat(32), "p", "p.zip", 1, "ALPHA", 9))) {
            RolProgram read = RolReader.parseOne(written.text());
            assertEquals(written, read, written.text());
        }
    }

    @Test
    void takDataFeedProgramsWithTheirDoubledTypeKeyParseAndTheLastValueCounts() throws Exception {
        RolProgram feed = RolReader.parseOne("create data_feed\n{\"type\":\"DataFeedMetadata\",\"type\":\"Last\","
                + "\"dataFeedUid\":\"feed-1\",\"authType\":null,\"syncCacheRetentionSeconds\":3600,\"tags\":[]};");
        assertTrue(feed.is("create", "data_feed"));
        assertEquals("Last", feed.parameters().getString("type"));
        assertEquals(JsonValue.NULL, feed.parameters().get("authType"), "null lexes as an identifier: JSON null");
        assertEquals(3600, feed.parameters().getInt("syncCacheRetentionSeconds"));
    }

    @Test
    void valuesKeepTheirTypesAndEscapesAndWhitespaceInsideStrings() throws Exception {
        RolProgram p = RolReader.parseOne("update   mission {\n \"s\" : \"a\\\"b\\u00e9 \\n c\", \"n\": -1.5e3, "
                + "\"t\": true, \"f\": false, \"a\": [1, [\"x\"], {\"k\": \"v\"}], \"o\": {}} ;");
        assertEquals("a\"bé \n c", p.parameters().getString("s"));
        assertEquals(-1500.0, p.parameters().getJsonNumber("n").doubleValue());
        assertEquals(JsonValue.TRUE, p.parameters().get("t"));
        assertEquals(JsonValue.FALSE, p.parameters().get("f"));
        assertEquals("v", p.parameters().getJsonArray("a").getJsonObject(2).getString("k"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "7", "1700000000000", "-123456789012345678", "1234567890123456789",
            "99999999999999999999", "-1.5e3", "2.50", "1E+2", "0.000001"})
    void aNumberIsTheValueAJsonReaderReadsFromIt(String number) throws Exception {
        JsonValue parsed = RolReader.parseOne("get mission {\"n\": " + number + "};").parameters().get("n");
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(number))) {
            JsonValue read = reader.readValue();
            assertEquals(read, parsed);
            assertEquals(read.toString(), parsed.toString());
        }
    }

    @Test
    void aStatementWithoutParametersAndSeveralStatementsParse() throws Exception {
        List<RolProgram> statements = RolReader.parse("get mission; delete resource {\"hash\": \"h\"};");
        assertEquals(2, statements.size());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, statements.get(0).parameters());
        assertEquals("h", statements.get(1).parameters().getString("hash"));
        assertThrows(RolSyntaxException.class, () -> RolReader.parseOne("get mission; get mission;"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "create missions {};", "frobnicate mission {};", "create mission {\"a\": 1}",
            "create mission {\"a\" 1};", "create mission {a: 1};", "create mission {\"a\": 1,};",
            "create mission {\"a\": \"unterminated};", "create mission {\"a\": 01};", "create mission [1];",
            "<event uid='x'/>"})
    void anythingElseIsASyntaxErrorNeverAnotherException(String program) {
        RolSyntaxException e = assertThrows(RolSyntaxException.class, () -> RolReader.parse(program));
        assertTrue(e.getMessage().startsWith("not a ROL program"), e.getMessage());
    }

    @Test
    void oneReaderReadsProgramAfterProgramAndIsNotThrownByABadOne() throws Exception {
        RolReader reader = new RolReader();
        String good = "update mission {\"missionName\": \"m\", \"content\": {\"uids\": [\"u1\"]}};";
        assertEquals(RolReader.parseOne(good), reader.readOne(good));
        for (String bad : List.of("create mission {\"a\": 1", "<event/>", "get mission; get mission;")) {
            assertThrows(RolSyntaxException.class, () -> reader.readOne(bad), bad);
            assertEquals(RolReader.parseOne(good), reader.readOne(good), "after " + bad);
        }
        assertEquals(2, reader.read("get mission; delete resource {\"hash\": \"h\"};").size());
        assertEquals("m2", reader.readOne("create mission {\"name\": \"m2\"};").parameters().getString("name"));
    }
}
