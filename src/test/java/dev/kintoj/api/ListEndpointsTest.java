package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.kintoj.api.Fixtures.etag;
import static dev.kintoj.api.Fixtures.httpDate;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.parse;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plural endpoints (api.md §4): GET lists, HEAD counts, DELETE of many objects, list timestamps and preconditions
 * (§6, §7), projections (§8.6), the missing-collection 404, and sync.md §7 "pull, oldest first".
 */
@QuarkusTest
class ListEndpointsTest {

    private String collection;
    private String records;

    @BeforeEach
    void freshCollection() {
        collection = Fixtures.collection();
        records = collection + "/records";
    }

    // ---------------------------------------------------------------- helpers

    /** Creates a record; returns its last_modified. */
    private long put(String id, String data) {
        return json("{\"data\": " + data + "}").put(records + "/" + id).then().statusCode(201)
                .extract().jsonPath().getLong("data.last_modified");
    }

    /** Deletes a record; returns the tombstone's last_modified. */
    private long delete(String id) {
        return given().delete(records + "/" + id).then().statusCode(200)
                .extract().jsonPath().getLong("data.last_modified");
    }

    private Response get(String readableQuery) {
        return given().urlEncodingEnabled(false).get(records + "?" + Fixtures.formQuery(readableQuery));
    }

    private Response head(String readableQuery) {
        return given().urlEncodingEnabled(false).head(records + "?" + Fixtures.formQuery(readableQuery));
    }

    private Response deleteList(String readableQuery) {
        return given().urlEncodingEnabled(false).delete(records + "?" + Fixtures.formQuery(readableQuery));
    }

    private String listEtag() {
        return given().get(records).then().statusCode(200).extract().header("ETag");
    }

    private static long value(String etag) {
        return Long.parseLong(etag.replace("\"", ""));
    }

    // ---------------------------------------------------------------- GET (§4.1)

    @Test
    void getReturnsEveryLiveObjectWithItsFields() {
        put("a", "{\"n\": 1}");
        put("b", "{\"n\": 2, \"s\": \"x\"}");
        put("c", "{}");
        delete("c");
        given().get(records).then().statusCode(200)
                .contentType("application/json")
                .body("data.id", contains("b", "a"))
                .body("data[0].n", equalTo(2))
                .body("data[0].s", equalTo("x"))
                .body("data[1].n", equalTo(1))
                .body("data[1]", not(hasKey("deleted")));
    }

    @Test
    void collectionsAndGroupsOfABucketAreListsToo() {
        String bucket = Fixtures.bucket();
        given().put(bucket + "/collections/c1").then().statusCode(201);
        given().put(bucket + "/collections/c2").then().statusCode(201);
        json("{\"data\": {\"members\": []}}").put(bucket + "/groups/g1").then().statusCode(201);
        given().get(bucket + "/collections").then().statusCode(200).body("data.id", contains("c2", "c1"));
        given().get(bucket + "/groups").then().statusCode(200).body("data.id", contains("g1"));
        given().head(bucket + "/collections").then().statusCode(200).header("Total-Objects", "2");
        given().get("/v1/buckets?id=" + Fixtures.idOf(bucket)).then().statusCode(200)
                .body("data.id", contains(Fixtures.idOf(bucket)));
    }

    @Test
    void recordsOfAMissingCollectionAre404WithErrno111() {
        String missing = collection.substring(0, collection.lastIndexOf('/') + 1) + "nope" + "/records";
        given().get(missing).then().statusCode(404)
                .body("code", equalTo(404)).body("errno", equalTo(111)).body("error", equalTo("Not Found"))
                .body("details.id", equalTo("nope")).body("details.resource_name", equalTo("collection"));
        given().head(missing).then().statusCode(404);
        given().delete(missing).then().statusCode(404)
                .body("errno", equalTo(111)).body("details.id", equalTo("nope"));
    }

    // ---------------------------------------------------------------- timestamps (§7, sync.md §5)

    @Test
    void listEtagIsTheNewestTimestampAndLastModifiedItsDate() {
        put("a", "{}");
        long newest = put("b", "{}");
        given().get(records).then().statusCode(200)
                .header("ETag", etag(newest))
                .header("Last-Modified", httpDate(newest));
    }

    @Test
    void listTimestampIncludesTombstones() {
        put("a", "{}");
        put("b", "{}");
        long tombstone = delete("a");
        assertEquals(etag(tombstone), listEtag());
    }

    @Test
    void emptyListHasAStableTimestamp() {
        String first = given().get(records).then().statusCode(200).body("data.size()", equalTo(0))
                .extract().header("ETag");
        assertNotNull(first);
        assertEquals(first, listEtag());
        long created = put("a", "{}");
        assertTrue(created > value(first), "a write moves the list clock forward");
    }

    @Test
    void filtersSortingPaginationAndProjectionNeverChangeTheListTimestamp() {
        put("a", "{\"n\": 1}");
        long newest = put("b", "{\"n\": 2}");
        for (String q : List.of("n=1", "n=999", "_limit=1", "_sort=n", "_fields=n", "_since=0", "_before=1")) {
            get(q).then().statusCode(200)
                    .header("ETag", etag(newest))
                    .header("Last-Modified", httpDate(newest));
            head(q).then().statusCode(200).header("ETag", etag(newest));
        }
    }

    // ---------------------------------------------------------------- preconditions on lists (§6)

    @Test
    void ifNoneMatchWithTheCurrentEtagGives304WithTimestampHeaders() {
        long newest = put("a", "{}");
        given().header("If-None-Match", etag(newest)).get(records).then().statusCode(304)
                .header("ETag", etag(newest))
                .header("Last-Modified", httpDate(newest))
                .body(emptyString());
        given().header("If-None-Match", etag(newest)).head(records).then().statusCode(304);
        given().header("If-None-Match", etag(newest - 1)).get(records).then().statusCode(200)
                .body("data.id", contains("a"));
    }

    @Test
    void ifMatchWithAnotherEtagGives412WithoutDetails() {
        long newest = put("a", "{}");
        Response response = given().header("If-Match", etag(newest - 1)).get(records);
        response.then().statusCode(412).header("ETag", etag(newest)).header("Last-Modified", httpDate(newest));
        Fixtures.assertBody(response,
                "{\"code\":412,\"errno\":114,\"error\":\"Precondition Failed\",\"message\":\"Resource was modified meanwhile\"}");
        given().header("If-Match", etag(newest - 1)).head(records).then().statusCode(412);
    }

    @Test
    void ifMatchCurrentOrStarLetsTheListThrough() {
        long newest = put("a", "{}");
        given().header("If-Match", etag(newest)).get(records).then().statusCode(200).body("data.id", contains("a"));
        given().header("If-Match", "*").get(records).then().statusCode(200).body("data.id", contains("a"));
        given().header("If-Match", "*").head(records).then().statusCode(200).header("Total-Objects", "1");
    }

    @Test
    void ifNoneMatchStarOnAListGives412BecauseTheListAlwaysExists() {
        put("a", "{}");
        given().header("If-None-Match", "*").get(records).then().statusCode(412).body("errno", equalTo(114));
        given().header("If-None-Match", "*").delete(records).then().statusCode(412).body("errno", equalTo(114));
        given().get(records).then().body("data.id", contains("a"));
    }

    @Test
    void deleteListPreconditionsUseTheListTimestamp() {
        put("a", "{}");
        long newest = put("b", "{}");
        given().header("If-Match", etag(newest - 1)).delete(records).then().statusCode(412)
                .header("ETag", etag(newest)).body("details", nullValue());
        given().get(records).then().body("data.id", contains("b", "a"));
        given().header("If-None-Match", etag(newest)).delete(records + "?id=a").then().statusCode(200)
                .body("data.id", contains("a"));
        given().header("If-Match", listEtag()).delete(records).then().statusCode(200)
                .body("data.id", contains("b"));
        put("c", "{}");
        given().header("If-Match", "*").delete(records).then().statusCode(200).body("data.id", contains("c"));
    }

    @Test
    void malformedPreconditionHeadersOnListsGive400() {
        given().header("If-Match", "123").get(records).then().statusCode(400)
                .body("errno", equalTo(107))
                .body("message", equalTo("If-Match in header: The value should be integer between double quotes."))
                .body("details[0].location", equalTo("header"))
                .body("details[0].name", equalTo("If-Match"));
        given().header("If-None-Match", "W/\"1\"").get(records).then().statusCode(400)
                .body("message", equalTo("If-None-Match in header: The value should be integer between double quotes."));
    }

    @Test
    void typedParameterErrorsWinOver304ButFilterErrorsDoNot() {
        long newest = put("a", "{\"n\": 1}");
        given().urlEncodingEnabled(false).header("If-None-Match", etag(newest)).get(records + "?_limit=abc")
                .then().statusCode(400).body("message", equalTo("_limit in querystring: \"abc\" is not a number"));
        given().urlEncodingEnabled(false).header("If-None-Match", etag(newest)).get(records + "?like_n=1")
                .then().statusCode(304);
        given().urlEncodingEnabled(false).get(records + "?like_n=1").then().statusCode(400)
                .body("message", equalTo("Invalid value for like_n"));
    }

    // ---------------------------------------------------------------- HEAD (§4.2)

    @Test
    void headCountsMatchingObjectsWithoutBodyAndContentLength11() {
        put("a", "{\"n\": 1}");
        put("b", "{\"n\": 2}");
        long newest = put("c", "{\"n\": 1}");
        Response response = given().head(records);
        response.then().statusCode(200)
                .header("Total-Objects", "3")
                .header("Total-Records", "3")
                .header("Content-Length", "11")
                .header("Content-Type", "application/json")
                .header("ETag", etag(newest))
                .header("Last-Modified", httpDate(newest));
        assertEquals("", response.asString());
        head("n=1").then().statusCode(200).header("Total-Objects", "2").header("Total-Records", "2");
        head("n=5").then().statusCode(200).header("Total-Objects", "0").header("Total-Records", "0");
    }

    @Test
    void headIgnoresLimitAndTokenAndNeverSendsNextPage() {
        for (String id : List.of("a", "b", "c", "d")) {
            put(id, "{}");
        }
        String next = get("_limit=1").then().statusCode(200).extract().header("Next-Page");
        assertNotNull(next);
        Response limited = head("_limit=1");
        limited.then().statusCode(200).header("Total-Objects", "4").header("Total-Records", "4");
        assertNull(limited.header("Next-Page"));
        String token = next.substring(next.indexOf("_token=") + "_token=".length());
        given().urlEncodingEnabled(false).head(records + "?_limit=1&_token=" + token).then().statusCode(200)
                .header("Total-Objects", "4").header("Next-Page", nullValue());
    }

    @Test
    void headNeverCountsTombstonesEvenWithATimestampFilter() {
        put("a", "{}");
        put("b", "{}");
        put("c", "{}");
        delete("b");
        get("_since=0").then().statusCode(200).body("data.id", containsInAnyOrder("a", "b", "c"));
        head("_since=0").then().statusCode(200).header("Total-Objects", "2").header("Total-Records", "2");
        head("gt_last_modified=0").then().statusCode(200).header("Total-Objects", "2");
        head("_before=" + (System.currentTimeMillis() + 3_600_000)).then().statusCode(200).header("Total-Objects", "2");
    }

    // ---------------------------------------------------------------- _fields (§8.6)

    @Test
    void fieldsProjectionKeepsListedFieldsIdAndLastModified() {
        long lm = put("a", "{\"n\": 1, \"s\": \"x\", \"t\": true}");
        Response response = get("_fields=s,t");
        response.then().statusCode(200);
        Fixtures.assertBody(response, "{\"data\": [{\"s\": \"x\", \"t\": true, \"id\": \"a\", \"last_modified\": " + lm + "}]}");
        Response onlyUnknown = get("_fields=zz");
        Fixtures.assertBody(onlyUnknown, "{\"data\": [{\"id\": \"a\", \"last_modified\": " + lm + "}]}");
    }

    @Test
    void fieldsProjectionFollowsDottedPaths() {
        long a = put("a", "{\"person\": {\"name\": \"Ann\", \"age\": 3, \"pets\": [1]}, \"other\": 1}");
        long b = put("b", "{\"person\": \"just a string\", \"other\": 2}");
        long c = put("c", "{\"other\": 3}");
        Response response = get("_fields=person.name&_sort=other");
        Fixtures.assertBody(response, "{\"data\": ["
                + "{\"person\": {\"name\": \"Ann\"}, \"id\": \"a\", \"last_modified\": " + a + "},"
                + "{\"person\": \"just a string\", \"id\": \"b\", \"last_modified\": " + b + "},"
                + "{\"id\": \"c\", \"last_modified\": " + c + "}]}");
    }

    @Test
    void fieldsProjectionDropsTheDeletedFlagOfTombstonesUnlessListed() {
        long a = put("a", "{\"t\": 1}");
        put("b", "{\"t\": 2}");
        long b = delete("b");
        Fixtures.assertBody(get("_since=0&_fields=t"), "{\"data\": ["
                + "{\"id\": \"b\", \"last_modified\": " + b + "},"
                + "{\"t\": 1, \"id\": \"a\", \"last_modified\": " + a + "}]}");
        Fixtures.assertBody(get("_since=0&_fields=t,deleted"), "{\"data\": ["
                + "{\"deleted\": true, \"id\": \"b\", \"last_modified\": " + b + "},"
                + "{\"t\": 1, \"id\": \"a\", \"last_modified\": " + a + "}]}");
    }

    // ---------------------------------------------------------------- DELETE (§4.4)

    @Test
    void deleteListRemovesOnlyTheMatchingObjectsAndReturnsTombstones() {
        put("a", "{\"n\": 1}");
        put("b", "{\"n\": 2}");
        put("c", "{\"n\": 1}");
        Response response = deleteList("n=1&_fields=zz");
        response.then().statusCode(200);
        JsonNode data = parse(response.asString()).get("data");
        assertEquals(2, data.size());
        for (JsonNode tombstone : data) {
            assertEquals(3, tombstone.size(), "only id, last_modified and deleted: " + tombstone);
            assertTrue(tombstone.get("deleted").booleanValue());
            assertTrue(tombstone.get("last_modified").isIntegralNumber());
        }
        given().get(records).then().body("data.id", contains("b"));
        given().get(records + "/a").then().statusCode(404);
        given().get(records + "/c").then().statusCode(404);
    }

    @Test
    void deleteListGivesIncreasingTimestampsInSortOrderAndTheNewestAsEtag() {
        put("a", "{\"n\": 3}");
        put("b", "{\"n\": 1}");
        long before = put("c", "{\"n\": 2}");
        Response response = deleteList("_sort=n");
        response.then().statusCode(200).body("data.id", contains("b", "c", "a"));
        List<Long> stamps = response.jsonPath().getList("data.last_modified", Long.class);
        assertTrue(before < stamps.get(0), "tombstones get new timestamps");
        assertTrue(stamps.get(0) < stamps.get(1) && stamps.get(1) < stamps.get(2), "increasing along the array: " + stamps);
        assertEquals(etag(stamps.get(2)), response.header("ETag"));
        assertEquals(httpDate(stamps.get(2)), response.header("Last-Modified"));
        assertEquals(etag(stamps.get(2)), listEtag());
    }

    @Test
    void deleteListDefaultOrderIsNewestFirstAndLeavesExistingTombstonesAlone() {
        put("a", "{}");
        put("b", "{}");
        put("c", "{}");
        put("d", "{}");
        long tombstone = delete("b");
        deleteList("_since=0").then().statusCode(200).body("data.id", contains("d", "c", "a"));
        given().head(records).then().header("Total-Objects", "0");
        get("id=b&_since=0").then().body("data[0].last_modified", equalTo(tombstone));
    }

    @Test
    void deleteListMatchingNothingKeepsTheListTimestamp() {
        long newest = put("a", "{\"n\": 1}");
        deleteList("n=2").then().statusCode(200)
                .body("data.size()", equalTo(0))
                .header("ETag", etag(newest))
                .header("Last-Modified", httpDate(newest));
        assertEquals(etag(newest), listEtag());
    }

    @Test
    void deleteListPagesWithLimitAndTokensCanBeUsedOnlyOnce() {
        for (String id : List.of("a", "b", "c", "d", "e")) {
            put(id, "{}");
        }
        Response first = deleteList("_limit=2");
        first.then().statusCode(200).body("data.id", contains("e", "d"));
        String next = first.header("Next-Page");
        assertNotNull(next);
        assertTrue(next.contains("_limit=2&_token="), next);
        Response second = given().urlEncodingEnabled(false).delete(next);
        second.then().statusCode(200).body("data.id", contains("c", "b"));
        assertTrue(first.jsonPath().getLong("data[1].last_modified") < second.jsonPath().getLong("data[0].last_modified"));

        Response reused = given().urlEncodingEnabled(false).delete(next);
        reused.then().statusCode(400);
        Fixtures.assertBody(reused, "{\"code\":400,\"errno\":107,\"error\":\"Invalid parameters\","
                + "\"message\":\"querystring: _token was already used or has expired.\","
                + "\"details\":[{\"location\":\"querystring\",\"name\":null,"
                + "\"description\":\"_token was already used or has expired.\"}]}");
        given().get(records).then().body("data.id", contains("a"));

        Response last = given().urlEncodingEnabled(false).delete(second.header("Next-Page"));
        last.then().statusCode(200).body("data.id", contains("a"));
        assertNull(last.header("Next-Page"));
    }

    @Test
    void deleteListFollowsTheSortAndFiltersAcrossPages() {
        put("a", "{\"n\": 4, \"k\": true}");
        put("b", "{\"n\": 1, \"k\": true}");
        put("c", "{\"n\": 3, \"k\": false}");
        put("d", "{\"n\": 2, \"k\": true}");
        Response first = deleteList("k=true&_sort=n&_limit=2");
        first.then().statusCode(200).body("data.id", contains("b", "d"));
        String next = first.header("Next-Page");
        assertTrue(next.contains("?k=true&_sort=n&_limit=2&_token="), next);
        Response second = given().urlEncodingEnabled(false).delete(next);
        second.then().statusCode(200).body("data.id", contains("a"));
        assertNull(second.header("Next-Page"));
        given().get(records).then().body("data.id", contains("c"));
    }

    @Test
    void deleteOfACollectionsListCascadesToTheirRecords() {
        String bucket = collection.substring(0, collection.indexOf("/collections/"));
        given().put(bucket + "/collections/keep").then().statusCode(201);
        json("{\"data\": {\"drop\": true}}").put(bucket + "/collections/gone").then().statusCode(201);
        json("{\"data\": {}}").put(bucket + "/collections/gone/records/r1").then().statusCode(201);
        given().delete(bucket + "/collections?drop=true").then().statusCode(200)
                .body("data.id", contains("gone")).body("data[0].deleted", equalTo(true));
        given().get(bucket + "/collections/gone/records").then().statusCode(404).body("errno", equalTo(111));
        given().get(bucket + "/collections/keep").then().statusCode(200);
    }

    @Test
    void tombstonesShowUpOnlyWithATimestampFilter() {
        put("a", "{\"n\": 1}");
        put("b", "{\"n\": 2}");
        long tombstone = delete("b");
        given().get(records).then().body("data.id", contains("a"));
        given().get(records + "?id=b").then().body("data.size()", equalTo(0));
        Response since = get("_since=0");
        since.then().statusCode(200).body("data.id", contains("b", "a"));
        assertEquals(parse("{\"id\": \"b\", \"last_modified\": " + tombstone + ", \"deleted\": true}"),
                parse(since.asString()).get("data").get(0));
        get("last_modified=" + tombstone).then().statusCode(200).body("data.id", contains("b"))
                .body("data[0].deleted", equalTo(true));
    }

    // ---------------------------------------------------------------- sync.md §7

    @Test
    void pullOldestFirstReturnsExactlyTheChangesIncludingTombstones() {
        // Initial state, fully synced by the client.
        Map<String, JsonNode> local = new HashMap<>();
        put("r1", "{\"title\": \"one\"}");
        put("r2", "{\"title\": \"two\"}");
        put("r3", "{\"title\": \"three\"}");
        Response initial = get("_sort=last_modified&_since=0");
        initial.then().statusCode(200).body("data.id", contains("r1", "r2", "r3"));
        apply(local, initial);
        String since = initial.header("ETag");

        // Remote changes.
        json("{\"data\": {\"title\": \"one bis\"}}").patch(records + "/r1").then().statusCode(200);
        put("r4", "{\"title\": \"four\"}");
        long deleted = delete("r2");
        put("r5", "{\"title\": \"five\"}");
        delete("r5");

        // Pull with the ETag verbatim, oldest first, one object per page.
        List<JsonNode> changes = new ArrayList<>();
        String url = records + "?" + Fixtures.formQuery("_sort=last_modified&_since=" + since + "&_limit=1");
        int pages = 0;
        while (url != null) {
            Response page = given().urlEncodingEnabled(false).get(url);
            page.then().statusCode(200);
            parse(page.asString()).get("data").forEach(changes::add);
            url = page.header("Next-Page");
            assertTrue(++pages <= 10, "pagination must end");
        }
        assertEquals(List.of("r1", "r4", "r2", "r5"), changes.stream().map(o -> o.get("id").textValue()).toList());
        assertEquals("one bis", changes.get(0).get("title").textValue());
        assertEquals(parse("{\"id\": \"r2\", \"last_modified\": " + deleted + ", \"deleted\": true}"), changes.get(2));
        assertTrue(changes.get(3).get("deleted").booleanValue());
        for (int i = 1; i < changes.size(); i++) {
            assertTrue(changes.get(i - 1).get("last_modified").longValue() < changes.get(i).get("last_modified").longValue());
        }

        // Applying them gives the server's state.
        for (JsonNode change : changes) {
            applyOne(local, change);
        }
        Map<String, JsonNode> server = new HashMap<>();
        apply(server, given().get(records));
        assertEquals(server, local);

        // Nothing new since the newest change.
        long newest = changes.get(changes.size() - 1).get("last_modified").longValue();
        assertEquals(etag(newest), listEtag());
        get("_sort=last_modified&_since=" + etag(newest)).then().statusCode(200).body("data.size()", equalTo(0));
        assertNotEquals(since, etag(newest));
    }

    private static void apply(Map<String, JsonNode> local, Response page) {
        parse(page.asString()).get("data").forEach(o -> applyOne(local, o));
    }

    private static void applyOne(Map<String, JsonNode> local, JsonNode change) {
        if (change.path("deleted").asBoolean(false)) {
            local.remove(change.get("id").textValue());
        } else {
            local.put(change.get("id").textValue(), change);
        }
    }
}
