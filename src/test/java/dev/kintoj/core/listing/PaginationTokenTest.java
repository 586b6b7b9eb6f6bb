package dev.kintoj.core.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Errno;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code _token} of paginated lists (api.md §8.5, storage.md §3.5). */
class PaginationTokenTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static JsonNode json(String text) {
        JsonNode node = Json.parseOrNull(text);
        if (node == null) {
            throw new AssertionError("not JSON: " + text);
        }
        return node;
    }

    private static ObjectNode object(String text) {
        return (ObjectNode) json(text);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Filter filter(String field, String valueJson, Operator operator) {
        return new Filter(field, json(valueJson), operator);
    }

    @Test
    void encodingIsStandardBase64OfCompactJsonWithLastObjectOffsetAndNonce() {
        PaginationToken token = new PaginationToken(object("{\"n\": 1, \"last_modified\": 42}"), 3, "pagination-token-x");
        String encoded = token.encode();
        assertEquals(0, encoded.length() % 4, "padded with =");
        String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        assertFalse(decoded.contains(" ") || decoded.contains("\n"), "compact JSON: " + decoded);
        assertEquals(json("{\"last_object\": {\"n\": 1, \"last_modified\": 42}, \"offset\": 3, \"nonce\": \"pagination-token-x\"}"),
                json(decoded));
    }

    @Test
    void nextTokensCarryUniqueNonces() {
        ObjectNode last = object("{\"last_modified\": 5}");
        PaginationToken first = PaginationToken.next(last, 10);
        PaginationToken second = PaginationToken.next(last, 10);
        assertTrue(first.nonce().startsWith("pagination-token-"), first.nonce());
        assertNotEquals(first.nonce(), second.nonce());
        assertNotEquals(first.encode(), second.encode());
        assertEquals(10, first.offset());
    }

    @Test
    void decodingRoundTrips() {
        PaginationToken token = PaginationToken.next(object("{\"a.b\": \"x\", \"n\": null, \"last_modified\": 7}"), 4);
        assertEquals(token, PaginationToken.decode(token.encode()));
    }

    @Test
    void decodingAcceptsAHandWrittenReferenceToken() {
        PaginationToken token = PaginationToken.decode(b64(
                "{\"last_object\": {\"n\": 1, \"last_modified\": 1795377848927}, \"offset\": 3, \"nonce\": \"pagination-token-1\"}"));
        assertEquals(object("{\"n\": 1, \"last_modified\": 1795377848927}"), token.lastObject());
        assertEquals(3, token.offset());
        assertEquals("pagination-token-1", token.nonce());
    }

    @Test
    void malformedTokensAreRejectedWithTheSameError() {
        List<String> tokens = List.of(
                "abc",
                "%%%",
                "é",
                b64("not json"),
                b64("[]"),
                b64("1"),
                b64("{}"),
                b64("{\"offset\": 0, \"nonce\": \"x\"}"),
                b64("{\"last_object\": {}, \"nonce\": \"x\"}"),
                b64("{\"last_object\": {}, \"offset\": 0}"),
                b64("{\"last_object\": [], \"offset\": 0, \"nonce\": \"x\"}"),
                b64("{\"last_object\": 1, \"offset\": 0, \"nonce\": \"x\"}"));
        for (String token : tokens) {
            KintoError error = assertThrows(KintoError.class, () -> PaginationToken.decode(token), token);
            assertEquals(400, error.status, token);
            assertEquals(Errno.INVALID_PARAMETERS, error.errno);
            assertEquals("querystring: _token has invalid content", error.detailMessage);
            assertEquals(json("[{\"location\": \"querystring\", \"name\": null, \"description\": \"_token has invalid content\"}]"),
                    error.details);
        }
    }

    @Test
    void lastObjectKeepsTheSortValuesKeyedByTheirFullDottedName() {
        ObjectNode object = object("{\"n\": 1, \"sub\": {\"k\": 2}, \"other\": 9, \"flag\": null, \"id\": \"r\", \"last_modified\": 5}");
        List<Sort> sorting = List.of(new Sort("sub.k", true), new Sort("absent", true), new Sort("flag", false),
                new Sort("n", false), new Sort("last_modified", false));
        assertEquals(object("{\"sub.k\": 2, \"flag\": null, \"n\": 1, \"last_modified\": 5}"),
                PaginationToken.lastObject(object, sorting));
    }

    @Test
    void rulesAreTheOrOfEqualPrefixesAndOneStrictComparison() {
        PaginationToken token = new PaginationToken(object("{\"a\": 1, \"b\": \"x\", \"last_modified\": 9}"), 2, "n");
        List<List<Filter>> rules = token.rules(List.of(new Sort("a", true), new Sort("b", false), new Sort("last_modified", false)));
        assertEquals(List.of(
                List.of(filter("a", "1", Operator.EQ), filter("b", "\"x\"", Operator.EQ), filter("last_modified", "9", Operator.LT)),
                List.of(filter("a", "1", Operator.EQ), filter("b", "\"x\"", Operator.LT)),
                List.of(filter("a", "1", Operator.GT))), rules);
    }

    @Test
    void ascendingLastModifiedGivesAGreaterThanRule() {
        PaginationToken token = new PaginationToken(object("{\"last_modified\": 9}"), 1, "n");
        assertEquals(List.of(List.of(filter("last_modified", "9", Operator.GT))),
                token.rules(List.of(new Sort("last_modified", true))));
    }

    @Test
    void fieldsAbsentFromTheLastObjectAreComparedAsMissing() {
        PaginationToken token = new PaginationToken(object("{\"last_modified\": 9}"), 1, "n");
        List<List<Filter>> rules = token.rules(List.of(new Sort("a.b", true), new Sort("last_modified", false)));
        assertEquals(2, rules.size());
        assertEquals(Operator.EQ, rules.get(0).get(0).operator());
        assertEquals("a.b", rules.get(0).get(0).field());
        assertTrue(rules.get(0).get(0).value().isMissingNode());
        assertEquals(filter("last_modified", "9", Operator.LT), rules.get(0).get(1));
        assertEquals(Operator.GT, rules.get(1).get(0).operator());
        assertTrue(rules.get(1).get(0).value().isMissingNode());
    }

    @Test
    void jsonNullIsAValueNotMissing() {
        PaginationToken token = new PaginationToken(object("{\"v\": null, \"last_modified\": 9}"), 1, "n");
        Filter strict = token.rules(List.of(new Sort("v", true), new Sort("last_modified", false))).get(1).get(0);
        assertEquals(Operator.GT, strict.operator());
        assertTrue(strict.value().isNull());
        assertFalse(strict.value().isMissingNode());
        assertEquals(JSON.nullNode(), strict.value());
    }
}
