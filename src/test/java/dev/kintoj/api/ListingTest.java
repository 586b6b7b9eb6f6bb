package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plural endpoints: filters, sorting, pagination, projections, counts and list deletion (api.md §4, §8). */
@QuarkusTest
class ListingTest {

    private String records;

    @BeforeEach
    void collectionWithRecords() {
        String bucket = "/v1/buckets/l" + UUID.randomUUID().toString().substring(0, 8);
        given().put(bucket).then().statusCode(201);
        given().put(bucket + "/collections/c").then().statusCode(201);
        records = bucket + "/collections/c/records";
        create("a", "{\"n\": 1, \"s\": \"Alpha\", \"tags\": [\"x\", \"y\"], \"sub\": {\"k\": 3}, \"flag\": true}");
        create("b", "{\"n\": 2, \"s\": \"beta\", \"tags\": [\"y\"], \"sub\": {\"k\": 1}, \"flag\": false}");
        create("c", "{\"n\": \"2\", \"s\": \"gamma\", \"tags\": [], \"nothing\": null}");
        create("d", "{\"n\": 10.5, \"s\": \"delta*\"}");
        create("e", "{\"s\": \"Epsilon\", \"flag\": true}");
    }

    private void create(String id, String data) {
        given().contentType("application/json").body("{\"data\": " + data + "}")
                .put(records + "/" + id).then().statusCode(201);
    }

    private List<String> ids(String query) {
        String url = query.isEmpty() ? records : records + "?" + query;
        return given().get(url).then().statusCode(200).extract().path("data.id");
    }

    @Test
    void equalityIsTyped() {
        assertEquals(List.of("b"), ids("n=2"));
        assertEquals(List.of("c"), ids("n=\"2\""));
        assertEquals(List.of("a", "e"), sorted(ids("flag=true")));
        assertEquals(List.of("c"), ids("nothing=null"));
        assertEquals(List.of("d"), ids("eq_n=10.5"));
    }

    @Test
    void comparisonsFollowTheTypeOrderAndMissingFields() {
        assertEquals(List.of("a", "b", "d", "e"), sorted(ids("gt_n=0")), "a missing field matches gt_");
        assertEquals(List.of("a", "c"), sorted(ids("lt_n=2")), "strings sort before numbers");
        assertEquals(List.of("a", "b", "c"), sorted(ids("max_n=2")));
        assertEquals(List.of("b", "d", "e"), sorted(ids("min_n=2")));
        assertEquals(List.of("a", "c", "d", "e"), sorted(ids("not_n=2")));
    }

    @Test
    void inExcludeLikeHasContains() {
        assertEquals(List.of("a", "d"), sorted(ids("in_n=1,10.5")));
        assertEquals(List.of("b", "c", "e"), sorted(ids("exclude_n=1,10.5")));
        assertEquals(List.of("a", "b", "c", "d"), sorted(ids("like_s=A")), "case-insensitive, anywhere");
        assertEquals(List.of("a"), ids("like_s=al*"));
        assertEquals(List.of(), ids("like_s=_lpha"), "_ is not a wildcard");
        assertEquals(List.of("c"), ids("has_nothing=true"), "JSON null counts as present");
        assertEquals(List.of("e"), sorted(ids("has_n=false")));
        assertEquals(List.of("a", "b"), sorted(ids("contains_tags=y")));
        assertEquals(List.of("a"), ids("contains_tags=[\"x\",\"y\"]"));
        assertEquals(List.of("a", "b"), sorted(ids("contains_any_tags=[\"x\",\"y\",\"z\"]")));
        assertEquals(List.of(), ids("contains_s=a"), "contains_ never matches non-arrays");
    }

    @Test
    void nestedFieldsAndIds() {
        assertEquals(List.of("b"), ids("sub.k=1"));
        assertEquals(List.of("a"), ids("gt_sub.k=2&has_sub=true"));
        assertEquals(List.of("a", "c"), sorted(ids("in_id=a,c")));
        assertEquals(List.of("b"), ids("id=b"));
    }

    @Test
    void sortingIsMultiKeyWithMissingFieldsLastAscending() {
        assertEquals(List.of("c", "a", "b", "d", "e"), ids("_sort=n"), "string < numbers < missing");
        assertEquals(List.of("e", "d", "b", "a", "c"), ids("_sort=-n"));
        List<String> byFlag = ids("_sort=flag,-s");
        assertEquals(List.of("b", "e", "a"), byFlag.subList(0, 3), "false before true, then -s");
        assertEquals(List.of("e", "d", "c", "b", "a"), ids(""), "default order is -last_modified");
        assertEquals(List.of("e", "d", "c", "b", "a"), ids("_sort=@@,-last_modified"), "invalid entries are ignored");
    }

    @Test
    void followingNextPageYieldsEveryObjectOnceInOrder() {
        for (String sort : List.of("n", "-n", "s", "-last_modified", "flag,-n")) {
            List<String> expected = ids("_sort=" + sort);
            List<String> seen = new ArrayList<>();
            Response page = given().get(records + "?_sort=" + sort + "&_limit=2");
            int pages = 0;
            while (true) {
                page.then().statusCode(200);
                seen.addAll(page.path("data.id"));
                String next = page.header("Next-Page");
                if (next == null) {
                    break;
                }
                assertTrue(next.contains("_limit=2"), next);
                page = given().urlEncodingEnabled(false).get(next);
                assertTrue(++pages < 10, "pagination must end");
            }
            assertEquals(expected, seen, "sort " + sort);
        }
    }

    @Test
    void nextPageKeepsOtherParametersInPlace() {
        String next = given().get(records + "?like_s=a&_limit=1&_sort=n").then().statusCode(200)
                .extract().header("Next-Page");
        assertTrue(next.matches("^http://[^/]+/v1/buckets/[^/]+/collections/c/records\\?like_s=a&_limit=1&_sort=n&_token=[^&]+$"), next);
    }

    @Test
    void fieldsProjectionKeepsIdAndLastModified() {
        given().get(records + "?_fields=sub.k,s&id=a").then().statusCode(200)
                .body("data[0].s", equalTo("Alpha"))
                .body("data[0].sub.k", equalTo(3))
                .body("data[0].n", nullValue())
                .body("data[0].id", equalTo("a"))
                .body("data[0].last_modified", not(nullValue()));
    }

    @Test
    void headCountsMatchingObjectsIgnoringPaginationAndTombstones() {
        given().delete(records + "/a").then().statusCode(200);
        given().head(records + "?_limit=1&_since=0").then().statusCode(200)
                .header("Total-Objects", "4").header("Total-Records", "4").header("Content-Length", "11");
        given().head(records + "?like_s=ta").then().statusCode(200).header("Total-Objects", "2");
    }

    @Test
    void sinceReturnsChangesAndTombstones() {
        String etag = given().get(records).then().extract().header("ETag");
        long since = Long.parseLong(etag.replace("\"", ""));
        given().contentType("application/json").body("{\"data\": {\"n\": 3}}").patch(records + "/b").then().statusCode(200);
        given().delete(records + "/c").then().statusCode(200);
        given().urlEncodingEnabled(false).get(records + "?_since=%22" + since + "%22&_sort=last_modified").then().statusCode(200)
                .body("data.id", contains("b", "c"))
                .body("data[1].deleted", equalTo(true));
        given().get(records).then().body("data.id", not(org.hamcrest.Matchers.hasItem("c")));
        given().get(records + "?_before=" + (since + 1) + "&_since=0").then().body("data", hasSize(3));
        given().get(records + "?_to=" + since).then().statusCode(200)
                .header("Alert", org.hamcrest.Matchers.containsString("_to is now deprecated"));
    }

    @Test
    void listTimestampIsTheWholeListsAndSupports304And412() {
        String etag = given().get(records).then().extract().header("ETag");
        assertEquals(etag, given().get(records + "?n=1").then().extract().header("ETag"), "filters never change the ETag");
        given().header("If-None-Match", etag).get(records).then().statusCode(304);
        given().header("If-Match", "\"1\"").get(records).then().statusCode(412).body("errno", equalTo(114));
        given().header("If-None-Match", "*").get(records).then().statusCode(412);
        given().header("If-Match", "nope").get(records).then().statusCode(400)
                .body("message", equalTo("If-Match in header: The value should be integer between double quotes."));
    }

    @Test
    void deletingTheListTombstonesInOrderAndPagesWithOneTimeTokens() {
        Response first = given().delete(records + "?_limit=2&_sort=n");
        first.then().statusCode(200).body("data.id", contains("c", "a")).body("data.deleted", contains(true, true));
        List<Long> stamps = first.path("data.last_modified");
        assertTrue(stamps.get(0) < stamps.get(1));
        assertEquals("\"" + stamps.get(1) + "\"", first.header("ETag"));
        String next = first.header("Next-Page");
        assertNotNull(next);
        given().urlEncodingEnabled(false).delete(next).then().statusCode(200).body("data.id", contains("b", "d"));
        given().urlEncodingEnabled(false).delete(next).then().statusCode(400)
                .body("message", equalTo("querystring: _token was already used or has expired."));
        assertEquals(List.of("e"), ids(""));
    }

    @Test
    void invalidQueryValuesAreRejectedWithKintoMessages() {
        expect400("_limit=abc", "_limit in querystring: \"abc\" is not a number");
        expect400("_limit=-1", "_limit in querystring: -1 is less than minimum value 0");
        expect400("_since=abc", "_since in querystring: \"abc\" is not a number");
        expect400("_since=" + (System.currentTimeMillis() + 3L * 24 * 3600 * 1000), "Invalid value for _since");
        expect400("gt_last_modified=x", "Invalid value for gt_last_modified");
        expect400("in_last_modified=1,2", "Invalid value for in_last_modified");
        expect400("like_n=1", "Invalid value for like_n");
        expect400("in_id=1,2", "Invalid value for in_id");
        expect400("contains_id=1", "contains_id in querystring: Field 'id' is not an array");
        expect400("_token=abc", "querystring: _token has invalid content");
        expect400("zz=a%00b", "zz in querystring: Invalid character 0x00");
    }

    /** Kinto's query schema types {@code id} as a string and {@code last_modified} as an integer, on GET and DELETE. */
    @Test
    void idAndLastModifiedFiltersAreTyped() {
        // Kinto's message rule: a description naming the parameter is the whole message.
        expect400("id=1", "1 is not a string: {'id': ''}");
        expect400("id=true", "True is not a string: {'id': ''}");
        expect400("last_modified=abc", "last_modified in querystring: \"abc\" is not a number");
        given().urlEncodingEnabled(false).delete(records + "?id=1").then().statusCode(400).body("errno", equalTo(107));
        assertEquals(List.of("a"), ids("id=a"));
        assertEquals(List.of("a"), ids("id=\"a\""));
        // Falsy values are dropped by the schema: no filter at all.
        assertEquals(5, ids("id=0").size());
        assertEquals(5, ids("id=null").size());
    }

    /** Kinto drops the parameters of its query schema that come with an empty value. */
    @Test
    void emptyKnownParametersAreIgnored() {
        assertEquals(5, ids("_limit=").size());
        assertEquals(5, ids("_since=&_before=&last_modified=&id=&_sort=&_token=").size());
        given().get(records + "?_fields=&id=a").then().statusCode(200).body("data[0].s", equalTo("Alpha"))
                .body("data[0].n", equalTo(1));
        given().get(records + "/a?_fields=").then().statusCode(200).body("data.s", equalTo("Alpha"));
        // Filters on other fields keep their empty value.
        assertEquals(List.of(), ids("s="));
    }

    private void expect400(String query, String message) {
        given().urlEncodingEnabled(false).get(records + "?" + query).then().statusCode(400)
                .body("errno", equalTo(107)).body("error", equalTo("Invalid parameters"))
                .body("message", equalTo(message));
    }

    @Test
    void recordsOfAMissingCollectionAre404() {
        given().get(records.replace("/collections/c/", "/collections/zz/")).then().statusCode(404)
                .body("errno", equalTo(111)).body("details.resource_name", equalTo("collection"))
                .body("details.id", equalTo("zz"));
    }

    @Test
    void unusedFiltersMatchNothingRatherThanFailing() {
        given().get(records + "?unknown_field=1").then().statusCode(200).body("data", empty());
        given().get(records + "?not_unknown_field=1").then().statusCode(200).body("data", hasSize(5));
        given().get(records + "?_whatever=1").then().statusCode(200).body("data.id", containsInAnyOrder("a", "b", "c", "d", "e"));
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }
}
