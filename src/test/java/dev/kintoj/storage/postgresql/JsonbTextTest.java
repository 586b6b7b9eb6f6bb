package dev.kintoj.storage.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A list page's objects sent as jsonb wrote them say exactly what the parsed objects would. */
class JsonbTextTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void sentAsStoredTheObjectIsTheOneTheParsedDataGives() throws Exception {
        for (String data : List.of("{}", "{\"n\": 1}", "{\"a\": -12, \"b\": [1, 2, {\"c\": null}], \"t\": true}",
                "{\"s\": \"quote \\\" slash \\\\ 1.5 -0 e\", \"big\": 123456789012345678901234567890}",
                "{\"é\": \"ünïcode ✓\", \"ctl\": \"\\n\\t\\u0001\"}")) {
            String json = JsonbText.object(data, "r1", 1_700_000_000_000L);
            // What the parsed object says once written, and in the same key order: jsonb's, then id and last_modified.
            JsonNode written = MAPPER.readTree(MAPPER.writeValueAsString(parsed(data, "r1", 1_700_000_000_000L)));
            assertEquals(written, MAPPER.readTree(json), data);
            assertEquals(names(written), names(MAPPER.readTree(json)), data);
        }
    }

    @Test
    void numbersWrittenOtherwiseOnceParsedAndOwnKeysAreParsed() {
        for (String data : List.of("{\"n\": 1.10}", "{\"n\": 1e2}", "{\"n\": [2E5]}", "{\"n\": -0}",
                "{\"id\": \"x\"}", "{\"last_modified\": 1}", "[1]")) {
            assertNull(JsonbText.object(data, "r1", 42), data);
        }
    }

    @Test
    void theIdIsEscaped() throws Exception {
        assertEquals("a\"b", MAPPER.readTree(JsonbText.object("{}", "a\"b", 1)).get("id").textValue());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** What the backend gives when it parses: the data, then id and last_modified. */
    private static JsonNode parsed(String data, String id, long lastModified) throws Exception {
        ObjectNode node = (ObjectNode) MAPPER.readTree(data);
        node.put("id", id);
        node.put("last_modified", lastModified);
        return node;
    }
}
