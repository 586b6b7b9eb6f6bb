package dev.kintoj.core.listing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Errno;
import dev.kintoj.core.KintoError;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The query-string parser of plural endpoints (api.md §8), with a fixed clock. */
class QueryParserTest {

    private static final long DAY = 24L * 3600 * 1000;

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

    private String rejection(String name, String value) {
        return assertThrows(KintoError.class, () -> {
            parser.validateTyped(query(name, value));
            parser.parse(query(name, value));
        }, name + "=" + value).detailMessage;
    }

    @Test
    void everyOperatorPrefixIsRecognised() {
        Map<String, Operator> prefixes = Map.ofEntries(
                Map.entry("lt", Operator.LT), Map.entry("min", Operator.MIN), Map.entry("max", Operator.MAX),
                Map.entry("not", Operator.NOT), Map.entry("eq", Operator.EQ), Map.entry("gt", Operator.GT),
                Map.entry("in", Operator.IN), Map.entry("exclude", Operator.EXCLUDE), Map.entry("like", Operator.LIKE),
                Map.entry("has", Operator.HAS), Map.entry("contains_any", Operator.CONTAINS_ANY),
                Map.entry("contains", Operator.CONTAINS));
        prefixes.forEach((prefix, operator) -> {
            Filter filter = only(prefix + "_a.b_c", "\"v\"");
            assertEquals(operator, filter.operator(), prefix);
            assertEquals("a.b_c", filter.field(), prefix);
        });
        assertEquals(Operator.EQ, only("n", "1").operator());
    }

    @Test
    void namesNotMatchingTheFilterPatternAreEqualityOnTheWholeName() {
        assertEquals("gt_a-b", only("gt_a-b", "1").field());
        assertEquals(Operator.EQ, only("gt_a-b", "1").operator());
        assertEquals("gt_", only("gt_", "1").field());
        assertEquals("GT_n", only("GT_n", "1").field(), "prefixes are lower case");
    }

    @Test
    void filtersKeepTheQueryOrder() {
        List<Filter> filters = parser.parse(query("b", "1", "_sort", "n", "gt_a", "2", "_since", "3")).filters();
        assertEquals(List.of("b", "a", "last_modified"), filters.stream().map(Filter::field).toList());
        assertEquals(List.of(Operator.EQ, Operator.GT, Operator.GT), filters.stream().map(Filter::operator).toList());
    }

    @Test
    void excludeSplitsAndContainsAnyWrapsLikeTheirSiblings() {
        Filter exclude = only("exclude_n", "true,null,x");
        assertTrue(exclude.value().get(0).isBoolean());
        assertTrue(exclude.value().get(1).isNull());
        assertEquals("x", exclude.value().get(2).textValue());
        Filter any = only("contains_any_tags", "{\"o\": 1}");
        assertTrue(any.value().isArray());
        assertTrue(any.value().get(0).isObject());
        assertEquals(1, any.value().size());
    }

    @Test
    void idFiltersConvertNumbersToStringsAndAcceptQuotedLists() {
        assertEquals("5", only("not_id", "5").value().textValue());
        assertEquals("7", only("gt_id", "7").value().textValue());
        assertEquals("abc", only("id", "abc").value().textValue());
        Filter in = only("in_id", "\"1\",a");
        assertEquals("1", in.value().get(0).textValue());
        assertEquals("a", in.value().get(1).textValue());
        assertEquals("Invalid value for exclude_id", rejection("exclude_id", "a,1"));
    }

    @Test
    void containsOnIdOrLastModifiedIsRejected() {
        assertEquals("contains_any_id in querystring: Field 'id' is not an array", rejection("contains_any_id", "a"));
        assertEquals("contains_last_modified in querystring: Field 'last_modified' is not an array",
                rejection("contains_last_modified", "1"));
        assertEquals("contains_any_last_modified in querystring: Field 'last_modified' is not an array",
                rejection("contains_any_last_modified", "[1]"));
    }

    @Test
    void lastModifiedAcceptsQuotedDigitsAndRejectsListsAlways() {
        Filter filter = only("last_modified", "\"" + (NOW - 5) + "\"");
        assertEquals(NOW - 5, filter.value().longValue());
        assertTrue(filter.value().isIntegralNumber(), "compared as a number");
        assertEquals("Invalid value for exclude_last_modified", rejection("exclude_last_modified", "1"));
        assertEquals("Invalid value for in_last_modified", rejection("in_last_modified", "\"1\""));
        assertEquals("Invalid value for min_last_modified", rejection("min_last_modified", "true"));
        assertEquals("Invalid value for max_last_modified", rejection("max_last_modified", "[1]"));
    }

    @Test
    void timestampsMustBeBelowNowPlusOneDay() {
        long limit = NOW + DAY;
        assertEquals(limit - 1, only("gt_last_modified", String.valueOf(limit - 1)).value().longValue());
        assertEquals("Invalid value for gt_last_modified", rejection("gt_last_modified", String.valueOf(limit)));
        assertEquals(1, parser.parse(query("_since", String.valueOf(limit - 1))).filters().size());
        assertEquals("Invalid value for _since", rejection("_since", String.valueOf(limit)));
        assertEquals("Invalid value for _before", rejection("_before", "\"" + limit + "\""));
        assertEquals("Invalid value for _to", rejection("_to", String.valueOf(limit + 1)));
        QueryParser later = new QueryParser(() -> NOW + 10 * DAY);
        assertDoesNotThrow(() -> later.parse(query("_since", String.valueOf(limit))), "the bound follows the clock");
    }

    @Test
    void timestampBoundsAreStrictComparisonsOnLastModified() {
        List<Filter> filters = parser.parse(query("_since", "\"10\"", "_to", "20")).filters();
        assertEquals(List.of(new Filter("last_modified", JsonNodeFactory.instance.numberNode(10L), Operator.GT),
                new Filter("last_modified", JsonNodeFactory.instance.numberNode(20L), Operator.LT)), filters);
        assertFalse(parser.parse(query("_before", "20")).deprecatedTo(), "only _to is deprecated");
    }

    @Test
    void nullBoundsAddNoFilterButIncludeTombstones() {
        for (String name : new String[] {"_since", "_before", "_to"}) {
            ListParams params = parser.parse(query(name, "null"));
            assertTrue(params.filters().isEmpty(), name);
            assertTrue(params.includesTombstones(), name);
        }
    }

    @Test
    void typedParametersReportNumbersAndMinimums() {
        assertEquals("_before in querystring: -1 is less than minimum value 0", rejection("_before", "-1"));
        assertEquals("_to in querystring: \"x\" is not a number", rejection("_to", "x"));
        assertEquals("_limit in querystring: -1 is less than minimum value 0", rejection("_limit", "-1"));
        assertEquals("_limit in querystring: \"1.5\" is not a number", rejection("_limit", "1.5"));
        assertEquals("last_modified in querystring: \"abc\" is not a number", rejection("last_modified", "abc"));
        KintoError error = assertThrows(KintoError.class, () -> parser.validateTyped(query("_limit", "abc")));
        assertEquals(400, error.status);
        assertEquals(Errno.INVALID_PARAMETERS, error.errno);
        assertEquals("_limit", error.details.get(0).get("name").textValue());
        assertEquals("querystring", error.details.get(0).get("location").textValue());
    }

    @Test
    void nulCharactersAreRejectedInNamesAndValues() {
        assertEquals("q in querystring: Invalid character 0x00",
                assertThrows(KintoError.class, () -> parser.validateTyped(query("q", "\0"))).detailMessage);
        assertEquals("Invalid character 0x00",
                assertThrows(KintoError.class, () -> parser.validateTyped(query("n", "\0"))).detailMessage,
                "the name occurs in the description (errors.md §3)");
        assertEquals("a\0b in querystring: Invalid character 0x00",
                assertThrows(KintoError.class, () -> parser.validateTyped(query("a\0b", "1"))).detailMessage);
    }

    @Test
    void nulAtTheEdgeOfANameIsNotTrimmedAway() {
        assertTrue(assertThrows(KintoError.class, () -> parser.validateTyped(query("a\0", "1"))).detailMessage
                .endsWith(" in querystring: Invalid character 0x00"));
        assertThrows(KintoError.class, () -> parser.validateTyped(query("\0a", "1")));
    }

    @Test
    void likeRejectsEveryNonStringValue() {
        for (String value : new String[] {"true", "null", "[1]", "{\"a\": 1}", "1.5"}) {
            assertEquals("Invalid value for like_n", rejection("like_n", value), value);
        }
        assertEquals("a*b", only("like_n", "a*b").value().textValue());
    }

    @Test
    void limitIsAnIntegerAndZeroMeansNone() {
        assertEquals(0, parser.parse(query("_limit", "0")).limit());
        assertEquals(25, parser.parse(query("_limit", "25")).limit());
        assertNull(parser.parse(query()).limit());
        assertEquals(3, parser.parse(query(" _limit ", "3")).limit(), "reserved names are trimmed too");
    }

    @Test
    void explicitLastModifiedSortKeepsItsPlaceAndDirection() {
        assertEquals(List.of(new Sort("last_modified", false), new Sort("n", true)),
                parser.parse(query("_sort", "-last_modified,n")).sorting());
        assertEquals(List.of(new Sort("n", false), new Sort("last_modified", true)),
                parser.parse(query("_sort", "-n,+last_modified")).sorting());
        assertEquals(List.of(new Sort("last_modified", false)), parser.parse(query("_sort", "@,-,")).sorting());
    }

    @Test
    void fieldsAreSplitOnCommas() {
        assertEquals(List.of("a", "b.c", "deleted"), parser.parse(query("_fields", "a,b.c,,deleted")).fields());
        assertNull(parser.parse(query("n", "1")).fields());
    }

    @Test
    void filterValuesAreWhatTheMapperMakesOfThemOrTheirText() {
        List<String> values = new ArrayList<>(List.of("20", "-3", "0", "-0", "00", "01", "-", "", " 1", "1 ", "+1",
                "123456789", "1234567890", "-999999999", "2147483648", "1.5", "1e3", "true", "false", "null", "nul",
                "fals", "truth", "word", "Word", "\"quoted\"", "[1, 2]", "{\"a\": 1}", "_x", "~", "*", "a*", "é", "\uFEFF1",
                "[", "{", "\"", "\t3", "\n", "NaN", "Infinity", "-Infinity", "#1", "/* c */ 1", "'s'"));
        java.util.Random random = new java.util.Random(21);
        String alphabet = "0123456789-+.eEtrufalsn\"[]{}, _*~:é\t";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(6); i > 0; i--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(value.toString());
        }
        for (String value : values) {
            com.fasterxml.jackson.databind.JsonNode parsed = dev.kintoj.core.Json.parseOrNull(value);
            com.fasterxml.jackson.databind.JsonNode expected = parsed == null
                    ? com.fasterxml.jackson.databind.node.TextNode.valueOf(value) : parsed;
            com.fasterxml.jackson.databind.JsonNode actual = QueryParser.jsonOrString(value);
            assertEquals(expected, actual, value);
            assertEquals(expected.getClass(), actual.getClass(), value);
        }
    }
}
