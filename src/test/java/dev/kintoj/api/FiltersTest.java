package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.parse;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Filters of plural endpoints (api.md §8.1 value parsing, §8.2 operators and special fields, §8.3 timestamp bounds),
 * against six records of a fresh collection:
 *
 * <pre>
 * a: n=1     s="Alpha"   tags=["x","y"]     sub={k:3,name:"Ann"} flag=true obj={checked:true}  v="Ben"
 * b: n=2     s="beta"    tags=["y"]         sub={k:1}            flag=false obj={checked:false}
 * c: n="1"   s="gamma"   tags=[]            nothing=null         flag=1
 * d: n=10.5  s="delta*"  tags=[{"o":1},"x"] sub=5                v="1.2.3"
 * e: n=true  s="Epsilon"                                         flag=true
 * f: (no n)  s="Zeta"    arr=[1,2]
 * </pre>
 */
@QuarkusTest
class FiltersTest {

    private static final long DAY = 24L * 3600 * 1000;

    private String records;
    private final Map<String, Long> stamps = new HashMap<>();

    @BeforeEach
    void sixRecords() {
        records = Fixtures.collection() + "/records";
        create("a", "{\"n\": 1, \"s\": \"Alpha\", \"tags\": [\"x\", \"y\"], \"sub\": {\"k\": 3, \"name\": \"Ann\"},"
                + " \"flag\": true, \"obj\": {\"checked\": true}, \"v\": \"Ben\"}");
        create("b", "{\"n\": 2, \"s\": \"beta\", \"tags\": [\"y\"], \"sub\": {\"k\": 1}, \"flag\": false,"
                + " \"obj\": {\"checked\": false}}");
        create("c", "{\"n\": \"1\", \"s\": \"gamma\", \"tags\": [], \"nothing\": null, \"flag\": 1}");
        create("d", "{\"n\": 10.5, \"s\": \"delta*\", \"tags\": [{\"o\": 1}, \"x\"], \"v\": \"1.2.3\", \"sub\": 5}");
        create("e", "{\"n\": true, \"s\": \"Epsilon\", \"flag\": true}");
        create("f", "{\"s\": \"Zeta\", \"arr\": [1, 2]}");
    }

    private void create(String id, String data) {
        long lm = json("{\"data\": " + data + "}").put(records + "/" + id).then().statusCode(201)
                .extract().jsonPath().getLong("data.last_modified");
        stamps.put(id, lm);
    }

    private Response get(String readable) {
        return given().urlEncodingEnabled(false).get(records + "?" + Fixtures.formQuery(readable));
    }

    /** The ids matched by the query, sorted alphabetically (the order is tested elsewhere). */
    private List<String> ids(String readable) {
        List<String> ids = get(readable).then().statusCode(200).extract().path("data.id");
        return ids.stream().sorted().toList();
    }

    private void expect400(String readable, String name, String message) {
        String description = message.startsWith(name + " in querystring: ")
                ? message.substring((name + " in querystring: ").length()) : message;
        get(readable).then().statusCode(400)
                .body("code", equalTo(400))
                .body("errno", equalTo(107))
                .body("error", equalTo("Invalid parameters"))
                .body("message", equalTo(message))
                .body("details[0].location", equalTo("querystring"))
                .body("details[0].name", equalTo(name))
                .body("details[0].description", equalTo(description));
    }

    private long lm(String id) {
        return stamps.get(id);
    }

    // ---------------------------------------------------------------- §8.1 value parsing, equality

    @Test
    void numbersAndStringsAreDistinctValues() {
        assertEquals(List.of("a"), ids("n=1"), "?n=1 does not match the string \"1\" nor true");
        assertEquals(List.of("c"), ids("n=\"1\""));
        assertEquals(List.of("b"), ids("n=2"));
        assertEquals(List.of("d"), ids("n=10.5"));
        assertEquals(List.of("d"), ids("eq_n=10.5"));
    }

    @Test
    void booleansAreNotNumbers() {
        assertEquals(List.of("a", "e"), ids("flag=true"));
        assertEquals(List.of("c"), ids("flag=1"));
        assertEquals(List.of("b"), ids("flag=false"));
        assertEquals(List.of("e"), ids("n=true"));
    }

    @Test
    void invalidJsonIsAPlainString() {
        assertEquals(List.of("a"), ids("v=Ben"));
        assertEquals(List.of("a"), ids("v=\"Ben\""));
        assertEquals(List.of("d"), ids("v=1.2.3"));
        assertEquals(List.of("a"), ids("s=Alpha"));
    }

    @Test
    void nullArraysAndObjectsCompareByFullValue() {
        assertEquals(List.of("c"), ids("nothing=null"));
        assertEquals(List.of("a"), ids("tags=[\"x\",\"y\"]"));
        assertEquals(List.of("b"), ids("tags=[\"y\"]"), "array equality, not containment");
        assertEquals(List.of("c"), ids("tags=[]"));
        assertEquals(List.of("a"), ids("obj={\"checked\": true}"));
        assertEquals(List.of("b"), ids("sub={\"k\": 1}"));
    }

    @Test
    void parameterNamesAreTrimmed() {
        assertEquals(List.of("b"), ids(" n =2"));
    }

    @Test
    void unknownFieldsMatchNothingAndUnderscoreParametersAreIgnored() {
        assertEquals(List.of(), ids("unknown=1"));
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), ids("not_unknown=1"));
        assertEquals(List.of(), ids("foo_n=1"), "an unknown prefix is part of the field name");
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), ids("_whatever=1&_other=x"));
    }

    @Test
    void filtersAreCombinedWithAnd() {
        assertEquals(List.of("b", "e"), ids("has_flag=true&gt_n=1"));
        assertEquals(List.of("b"), ids("n=2&has_s=true"), "has_ does not override earlier filters");
        assertEquals(List.of(), ids("s=Alpha&has_n=false"));
        assertEquals(List.of("f"), ids("s=Zeta&has_n=false"));
    }

    // ---------------------------------------------------------------- §8.2 comparisons

    @Test
    void comparisonsFollowTheTypeOrderAndMissingFieldsAreGreatest() {
        assertEquals(List.of("b", "d", "e", "f"), ids("gt_n=1"), "booleans and missing fields are above numbers");
        assertEquals(List.of("b", "d", "e", "f"), ids("min_n=2"));
        assertEquals(List.of("a", "c"), ids("lt_n=2"), "strings are below numbers");
        assertEquals(List.of("a", "b", "c"), ids("max_n=2"));
        assertEquals(List.of("a", "b", "c", "d"), ids("lt_n=true"));
        assertEquals(List.of("f"), ids("gt_n=true"));
    }

    @Test
    void stringsCompareByCodePoint() {
        assertEquals(List.of("c", "d"), ids("gt_s=beta"));
        assertEquals(List.of("a", "e", "f"), ids("lt_s=a"), "upper case letters come before lower case ones");
        assertEquals(List.of("b", "c", "d"), ids("min_s=beta"));
    }

    @Test
    void notMatchesDifferentValuesAndMissingFields() {
        assertEquals(List.of("b", "c", "d", "e", "f"), ids("not_n=1"));
        assertEquals(List.of("a", "b", "d", "e", "f"), ids("not_n=\"1\""));
    }

    @Test
    void inAndExcludeSplitOnCommasAndParseEachValue() {
        assertEquals(List.of("a", "d"), ids("in_n=1,10.5"));
        assertEquals(List.of("c", "e"), ids("in_n=\"1\",true"));
        assertEquals(List.of("a", "b"), ids("in_s=Alpha,beta"));
        assertEquals(List.of(), ids("in_n=5"));
        assertEquals(List.of("b", "c", "e", "f"), ids("exclude_n=1,10.5"), "missing fields are not excluded");
    }

    @Test
    void likeIsCaseInsensitiveWithStarAsTheOnlyWildcard() {
        assertEquals(List.of("a", "b", "c", "d", "f"), ids("like_s=A"), "without * the value is searched anywhere");
        assertEquals(List.of("a"), ids("like_s=al*"));
        assertEquals(List.of("a", "b", "c", "f"), ids("like_s=*a"));
        assertEquals(List.of("b", "f"), ids("like_s=*e*a"));
        assertEquals(List.of("b"), ids("like_s=\"BETA\""));
        assertEquals(List.of(), ids("like_s=_eta"), "_ is not a wildcard");
        assertEquals(List.of(), ids("like_s=%a"), "% is not a wildcard");
        assertEquals(List.of("a"), ids("like_sub.name=ANN"));
    }

    @Test
    void likeOnNonStringFieldsMatchesTheirJsonText() {
        assertEquals(List.of("a", "c", "d"), ids("like_n=\"1\""));
    }

    @Test
    void likeNeedsAStringValue() {
        expect400("like_n=1", "like_n", "Invalid value for like_n");
        expect400("like_v=1.2", "like_v", "Invalid value for like_v");
        expect400("like_s=true", "like_s", "Invalid value for like_s");
    }

    @Test
    void hasTestsPresenceWithNullCountingAsPresent() {
        assertEquals(List.of("c"), ids("has_nothing=true"));
        assertEquals(List.of("a", "b", "c", "d", "e"), ids("has_n=1"));
        assertEquals(List.of("a", "b", "c", "d", "e"), ids("has_n=yes"));
        assertEquals(List.of("f"), ids("has_n=false"));
        assertEquals(List.of("f"), ids("has_n=0"));
        assertEquals(List.of("f"), ids("has_n=null"));
        assertEquals(List.of("f"), ids("has_n="));
        assertEquals(List.of("a", "b"), ids("has_sub.k=true"), "a non-object parent has no sub-field");
    }

    @Test
    void containsNeedsAllElementsOfAnArrayField() {
        assertEquals(List.of("a", "b"), ids("contains_tags=y"), "a scalar is wrapped into an array");
        assertEquals(List.of("a"), ids("contains_tags=[\"x\",\"y\"]"));
        assertEquals(List.of("d"), ids("contains_tags={\"o\": 1}"), "objects are compared as JSON values");
        assertEquals(List.of("f"), ids("contains_arr=[2,1]"));
        assertEquals(List.of(), ids("contains_arr=[1,3]"));
        assertEquals(List.of(), ids("contains_s=a"), "non-arrays never match");
        assertEquals(List.of(), ids("contains_n=1"));
    }

    @Test
    void containsAnyNeedsOneElementOfAnArrayField() {
        assertEquals(List.of("a", "d"), ids("contains_any_tags=[\"x\",\"z\"]"));
        assertEquals(List.of("a", "b"), ids("contains_any_tags=y"));
        assertEquals(List.of(), ids("contains_any_tags=z"));
        assertEquals(List.of("f"), ids("contains_any_arr=[3,2]"));
        assertEquals(List.of(), ids("contains_any_s=[\"Zeta\"]"));
    }

    @Test
    void dottedFieldsReachIntoNestedObjects() {
        assertEquals(List.of("b"), ids("sub.k=1"));
        assertEquals(List.of("a"), ids("sub.name=Ann"));
        assertEquals(List.of("b"), ids("obj.checked=false"));
        assertEquals(List.of("a", "b"), ids("in_sub.k=1,3"));
        assertEquals(List.of("a", "c", "d", "e", "f"), ids("gt_sub.k=2"), "missing nested fields match gt_");
        assertEquals(List.of("b"), ids("lt_sub.k=2"));
    }

    @Test
    void nulCharactersAreRejected() {
        expect400("zz=a\0b", "zz", "zz in querystring: Invalid character 0x00");
        expect400("q=\0", "q", "q in querystring: Invalid character 0x00");
        expect400("n=a\0", "n", "Invalid character 0x00"); // "n" occurs in the description (errors.md §3)
        get("a\0b=1").then().statusCode(400).body("message", equalTo("a\0b in querystring: Invalid character 0x00"));
    }

    @Test
    void nulAtTheEndOfAParameterNameIsRejectedToo() {
        get("z\0=1").then().statusCode(400).body("errno", equalTo(107))
                .body("message", endsWith(" in querystring: Invalid character 0x00"));
        get("\0z=1").then().statusCode(400).body("errno", equalTo(107));
    }

    // ---------------------------------------------------------------- id

    @Test
    void idIsComparedAsAString() {
        create("12", "{}");
        assertEquals(List.of("b"), ids("id=b"));
        assertEquals(List.of("b"), ids("id=\"b\""));
        assertEquals(List.of("12"), ids("id=\"12\""));
        // Kinto's query schema types id as a string: a bare number is refused (a numeric id is quoted).
        expect400("id=12", "id", "12 is not a string: {'id': ''}");
        assertEquals(List.of("12", "a"), ids("in_id=\"12\",a"));
        assertEquals(List.of("a", "c"), ids("in_id=a,c"));
        assertEquals(List.of("12", "c", "d", "e", "f"), ids("exclude_id=a,b"));
        assertEquals(List.of("12", "b", "c", "d", "e", "f"), ids("not_id=a"));
        assertEquals(List.of("e", "f"), ids("gt_id=d"));
    }

    @Test
    void inIdValuesMustAllBeStrings() {
        expect400("in_id=1,2", "in_id", "Invalid value for in_id");
        expect400("in_id=a,2", "in_id", "Invalid value for in_id");
        expect400("exclude_id=1", "exclude_id", "Invalid value for exclude_id");
    }

    @Test
    void containsOnIdOrLastModifiedIsRejected() {
        expect400("contains_id=1", "contains_id", "contains_id in querystring: Field 'id' is not an array");
        expect400("contains_any_id=a", "contains_any_id", "contains_any_id in querystring: Field 'id' is not an array");
        expect400("contains_last_modified=1", "contains_last_modified",
                "contains_last_modified in querystring: Field 'last_modified' is not an array");
    }

    // ---------------------------------------------------------------- last_modified

    @Test
    void lastModifiedFiltersTakeTimestampsAsNumbersOrQuotedDigits() {
        assertEquals(List.of("b"), ids("last_modified=" + lm("b")));
        assertEquals(List.of("d", "e", "f"), ids("gt_last_modified=" + lm("c")));
        assertEquals(List.of("d", "e", "f"), ids("gt_last_modified=\"" + lm("c") + "\""));
        assertEquals(List.of("e", "f"), ids("min_last_modified=" + lm("e")));
        assertEquals(List.of("a"), ids("lt_last_modified=" + lm("b")));
        assertEquals(List.of("a", "b"), ids("max_last_modified=\"" + lm("b") + "\""));
        assertEquals(List.of("b", "c", "d", "e", "f"), ids("not_last_modified=" + lm("a")));
    }

    @Test
    void lastModifiedFiltersRejectInvalidTimestamps() {
        expect400("gt_last_modified=x", "gt_last_modified", "Invalid value for gt_last_modified");
        expect400("gt_last_modified=-1", "gt_last_modified", "Invalid value for gt_last_modified");
        expect400("lt_last_modified=1.5", "lt_last_modified", "Invalid value for lt_last_modified");
        expect400("min_last_modified=true", "min_last_modified", "Invalid value for min_last_modified");
        expect400("max_last_modified=" + (System.currentTimeMillis() + 2 * DAY), "max_last_modified",
                "Invalid value for max_last_modified");
        expect400("last_modified=abc", "last_modified", "last_modified in querystring: \"abc\" is not a number");
    }

    @Test
    void inAndExcludeOnLastModifiedAreAlwaysRejected() {
        expect400("in_last_modified=" + lm("a"), "in_last_modified", "Invalid value for in_last_modified");
        expect400("in_last_modified=" + lm("a") + "," + lm("b"), "in_last_modified", "Invalid value for in_last_modified");
        expect400("exclude_last_modified=" + lm("a"), "exclude_last_modified", "Invalid value for exclude_last_modified");
    }

    @Test
    void tombstonesAreIncludedOnlyWithALastModifiedFilter() {
        long tombstone = given().delete(records + "/b").then().statusCode(200)
                .extract().jsonPath().getLong("data.last_modified");
        assertEquals(List.of("a", "c", "d", "e", "f"), ids("has_s=true"));
        assertEquals(List.of(), ids("id=b"));
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), ids("_since=0"));
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), ids("min_last_modified=0"));
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), ids("max_last_modified=" + tombstone));
        assertEquals(List.of("b"), ids("min_last_modified=" + tombstone));
        get("last_modified=" + tombstone).then().statusCode(200)
                .body("data[0].id", equalTo("b"))
                .body("data[0].deleted", equalTo(true))
                .body("data[0].s", nullValue());
    }

    // ---------------------------------------------------------------- §8.3 _since / _before / _to

    @Test
    void sinceAndBeforeBoundTheTimestamps() {
        assertEquals(List.of("d", "e", "f"), ids("_since=" + lm("c")));
        assertEquals(List.of("d", "e", "f"), ids("_since=\"" + lm("c") + "\""), "the ETag can be passed verbatim");
        assertEquals(List.of("a", "b"), ids("_before=" + lm("c")));
        assertEquals(List.of("a", "b"), ids("_before=\"" + lm("c") + "\""));
        assertEquals(List.of("c", "d"), ids("_since=" + lm("b") + "&_before=" + lm("e")));
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), ids("_before=" + (System.currentTimeMillis() + DAY - 3_600_000)));
    }

    @Test
    void toIsADeprecatedBeforeWithAnAlert() {
        Response response = get("_to=" + lm("c"));
        response.then().statusCode(200);
        assertEquals(List.of("b", "a"), response.jsonPath().getList("data.id"));
        assertEquals(parse("{\"code\":\"soft-eol\",\"message\":\"_to is now deprecated, you should use _before instead\","
                        + "\"url\":\"https://kinto.readthedocs.io/en/2.4.0/api/resource.html#list-of-available-url-parameters\"}"),
                parse(response.header("Alert")));
        assertNull(get("_before=" + lm("c")).header("Alert"), "no Alert without _to");
    }

    @Test
    void timestampBoundsRejectNonNumbersNegativesAndFarFutureValues() {
        expect400("_since=abc", "_since", "_since in querystring: \"abc\" is not a number");
        expect400("_before=x1", "_before", "_before in querystring: \"x1\" is not a number");
        expect400("_to=abc", "_to", "_to in querystring: \"abc\" is not a number");
        expect400("_since=-1", "_since", "_since in querystring: -1 is less than minimum value 0");
        expect400("_before=-5", "_before", "_before in querystring: -5 is less than minimum value 0");
        long future = System.currentTimeMillis() + 2 * DAY;
        expect400("_since=" + future, "_since", "Invalid value for _since");
        expect400("_since=\"" + future + "\"", "_since", "Invalid value for _since");
        expect400("_before=" + future, "_before", "Invalid value for _before");
    }

    @Test
    void sinceNullPutsNoBoundAndIncludesTombstones() {
        given().delete(records + "/c").then().statusCode(200);
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), ids("_since=null"));
        get("_since=null&id=c").then().statusCode(200).body("data[0].deleted", equalTo(true));
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), ids("_before=null"));
    }
}
