package dev.kintoj.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryParserTest {

    private static final long NOW = 1_800_000_000_000L;
    private final QueryParser parser = new QueryParser(() -> NOW);

    private static List<Map.Entry<String, String>> query(String... pairs) {
        List<Map.Entry<String, String>> query = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.add(Map.entry(pairs[i], pairs[i + 1]));
        }
        return query;
    }

    private Filter only(String name, String value) {
        List<Filter> filters = parser.parse(query(name, value)).filters();
        assertEquals(1, filters.size());
        return filters.get(0);
    }

    @Test
    void valuesAreJsonWhenTheyParseAsJson() {
        assertTrue(only("n", "2").value().isIntegralNumber());
        assertEquals("2", only("n", "\"2\"").value().textValue());
        assertEquals("Ben", only("n", "Ben").value().textValue());
        assertTrue(only("n", "true").value().isBoolean());
        assertTrue(only("n", "null").value().isNull());
        assertEquals("1.2.3", only("n", "1.2.3").value().textValue());
        assertTrue(only("n", "{\"checked\": true}").value().isObject());
    }

    @Test
    void operatorsComeFromTheParameterPrefix() {
        assertEquals(Operator.CONTAINS_ANY, only("contains_any_tags", "a").operator());
        assertEquals("tags", only("contains_any_tags", "a").field());
        assertEquals(Operator.CONTAINS, only("contains_tags", "a").operator());
        assertEquals(Operator.GT, only("gt_person.age", "3").operator());
        assertEquals("person.age", only("gt_person.age", "3").field());
        assertEquals(Operator.EQ, only("unknown_prefix", "3").operator());
        assertEquals("unknown_prefix", only("unknown_prefix", "3").field());
        assertEquals("n", only(" n ", "3").field(), "names are trimmed");
    }

    @Test
    void listOperatorsSplitOnCommasAndContainsWrapsScalars() {
        Filter in = only("in_n", "1,\"a\",b");
        assertEquals(3, in.value().size());
        assertTrue(in.value().get(0).isNumber());
        assertEquals("a", in.value().get(1).textValue());
        assertEquals("b", in.value().get(2).textValue());
        assertTrue(only("contains_tags", "x").value().isArray());
        assertEquals(2, only("contains_tags", "[1,2]").value().size());
    }

    @Test
    void idValuesAreStrings() {
        assertEquals("12", only("id", "12").value().textValue());
        KintoError error = assertThrows(KintoError.class, () -> parser.parse(query("in_id", "1,2")));
        assertEquals("Invalid value for in_id", error.detailMessage);
        assertEquals("contains_id in querystring: Field 'id' is not an array",
                assertThrows(KintoError.class, () -> parser.parse(query("contains_id", "1"))).detailMessage);
    }

    @Test
    void lastModifiedFiltersNeedValidTimestamps() {
        assertEquals(123L, only("gt_last_modified", "123").value().longValue());
        assertEquals(123L, only("gt_last_modified", "\"123\"").value().longValue());
        for (String bad : new String[] {"x", "-1", "1.5", String.valueOf(NOW + 24L * 3600 * 1000)}) {
            KintoError error = assertThrows(KintoError.class, () -> parser.parse(query("gt_last_modified", bad)), bad);
            assertEquals("Invalid value for gt_last_modified", error.detailMessage);
        }
        assertEquals("Invalid value for in_last_modified",
                assertThrows(KintoError.class, () -> parser.parse(query("in_last_modified", "1"))).detailMessage);
        assertTrue(parser.parse(query("max_last_modified", "5")).includesTombstones());
        assertFalse(parser.parse(query("n", "5")).includesTombstones());
    }

    @Test
    void sinceBeforeAndToBecomeTimestampBounds() {
        ListParams params = parser.parse(query("_since", "10", "_before", "\"20\""));
        assertEquals(List.of(Operator.GT, Operator.LT), params.filters().stream().map(Filter::operator).toList());
        assertTrue(params.includesTombstones());
        assertTrue(parser.parse(query("_to", "5")).deprecatedTo());
        ListParams unbounded = parser.parse(query("_since", "null"));
        assertTrue(unbounded.filters().isEmpty());
        assertTrue(unbounded.includesTombstones(), "open point 1: no bound, tombstones included");
    }

    @Test
    void typedParametersAreCheckedFirst() {
        assertEquals("_limit in querystring: \"abc\" is not a number",
                assertThrows(KintoError.class, () -> parser.validateTyped(query("_limit", "abc"))).detailMessage);
        assertEquals("_since in querystring: -1 is less than minimum value 0",
                assertThrows(KintoError.class, () -> parser.validateTyped(query("_since", "-1"))).detailMessage);
        assertEquals("zz in querystring: Invalid character 0x00",
                assertThrows(KintoError.class, () -> parser.validateTyped(query("zz", "a\0"))).detailMessage);
        parser.validateTyped(query("_limit", "10", "_since", "\"5\"", "other", "x"));
    }

    @Test
    void likeNeedsAStringAndHasUsesTruthiness() {
        assertThrows(KintoError.class, () -> parser.parse(query("like_n", "1")));
        assertEquals("1", only("like_n", "\"1\"").value().textValue());
        assertTrue(only("has_n", "1").value().booleanValue());
        assertTrue(only("has_n", "yes").value().booleanValue());
        for (String falsy : new String[] {"false", "0", "null", ""}) {
            assertFalse(only("has_n", falsy).value().booleanValue(), falsy);
        }
    }

    @Test
    void sortEntriesAreParsedAndEndWithLastModified() {
        assertEquals(List.of(new Sort("a", true), new Sort("b.c", false), new Sort("d", true), new Sort("last_modified", false)),
                parser.parse(query("_sort", "a,-b.c,+d,b@d,")).sorting());
        assertEquals(List.of(new Sort("last_modified", true)), parser.parse(query("_sort", "last_modified")).sorting());
        assertEquals(List.of(new Sort("last_modified", false)), parser.parse(query()).sorting());
    }

    @Test
    void reservedParametersAreNotFilters() {
        ListParams params = parser.parse(query("_limit", "5", "_fields", "a, b.c", "_unknown", "1", "_token", ""));
        assertTrue(params.filters().isEmpty());
        assertEquals(5, params.limit());
        assertEquals(List.of("a", "b.c"), params.fields());
        assertNull(params.token());
    }

    @Test
    void tokensRoundTripAndBuildPaginationRules() {
        ObjectNode last = JsonNodeFactory.instance.objectNode().put("n", 1).put("last_modified", 42);
        PaginationToken token = PaginationToken.next(last, 3);
        PaginationToken decoded = parser.parse(query("_token", token.encode())).token();
        assertEquals(token, decoded);
        List<List<Filter>> rules = decoded.rules(List.of(new Sort("n", true), new Sort("last_modified", false)));
        assertEquals(2, rules.size());
        assertEquals(List.of(Operator.EQ, Operator.LT), rules.get(0).stream().map(Filter::operator).toList());
        assertEquals(List.of(Operator.GT), rules.get(1).stream().map(Filter::operator).toList());
        List<List<Filter>> missing = decoded.rules(List.of(new Sort("absent", true)));
        assertTrue(missing.get(0).get(0).value().isMissingNode());
    }

    @Test
    void malformedTokensAreRejected() {
        for (String bad : new String[] {"abc", "e30=", "W10=", "eyJsYXN0X29iamVjdCI6IDF9"}) {
            KintoError error = assertThrows(KintoError.class, () -> parser.parse(query("_token", bad)), bad);
            assertEquals("querystring: _token has invalid content", error.detailMessage);
        }
    }
}
