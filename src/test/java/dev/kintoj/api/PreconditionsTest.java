package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.collection;
import static dev.kintoj.api.Fixtures.collectionOf;
import static dev.kintoj.api.Fixtures.etag;
import static dev.kintoj.api.Fixtures.httpDate;
import static dev.kintoj.api.Fixtures.idOf;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.lastModified;
import static dev.kintoj.api.Fixtures.parse;
import static dev.kintoj.api.Fixtures.record;
import static dev.kintoj.api.Fixtures.storedData;
import static dev.kintoj.api.Fixtures.uid;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** If-Match / If-None-Match on object endpoints and POST (api.md §6, §7; errors.md §4.9, §4.11). */
@QuarkusTest
class PreconditionsTest {

    private static final String RECORD = "{\"a\": 1, \"sub\": {\"x\": 1, \"y\": 2}}";

    /** Asserts a 412 whose details.existing is the stored object and whose headers are its timestamp. */
    private static void assertModifiedMeanwhile(Response response, String path, JsonNode stored) {
        long current = stored.get("last_modified").longValue();
        response.then().statusCode(412)
                .header("ETag", etag(current))
                .header("Last-Modified", httpDate(current));
        assertEquals(parse("{\"code\":412,\"errno\":114,\"error\":\"Precondition Failed\",\"message\":\"Resource was modified meanwhile\",\"details\":{\"existing\":"
                + stored + "}}"), parse(response.asString()), "412 body for " + path);
    }

    /** Asserts a 412 for a missing target: no details, but ETag/Last-Modified headers. */
    private static void assertModifiedMeanwhileWithoutDetails(Response response) {
        response.then().statusCode(412).header("ETag", org.hamcrest.Matchers.matchesPattern("^\"\\d+\"$"))
                .header("Last-Modified", org.hamcrest.Matchers.endsWith(" GMT"));
        assertBody(response, "{\"code\":412,\"errno\":114,\"error\":\"Precondition Failed\",\"message\":\"Resource was modified meanwhile\"}");
    }

    private static String stale(long current) {
        return etag(current - 1);
    }

    // ------------------------------------------------------------------ GET

    @Test
    void getWithMatchingIfNoneMatchGives304WithHeadersAndNoBody() {
        String path = record(RECORD);
        long current = lastModified(path);

        Response response = given().header("If-None-Match", etag(current)).get(path);

        response.then().statusCode(304)
                .header("ETag", etag(current))
                .header("Last-Modified", httpDate(current));
        assertEquals("", response.asString());
    }

    @Test
    void headWithMatchingIfNoneMatchGives304() {
        String path = record(RECORD);
        long current = lastModified(path);

        given().header("If-None-Match", etag(current)).head(path).then().statusCode(304)
                .header("ETag", etag(current));
    }

    @Test
    void getWithAnotherIfNoneMatchGives200() {
        String path = record(RECORD);

        given().header("If-None-Match", stale(lastModified(path))).get(path).then().statusCode(200)
                .body("data.a", equalTo(1));
    }

    @Test
    void getWithIfNoneMatchStarOnAnExistingObjectGives412() {
        String path = record(RECORD);
        JsonNode stored = storedData(path);

        assertModifiedMeanwhile(given().header("If-None-Match", "*").get(path), path, stored);
    }

    @Test
    void getWithMatchingOrStarIfMatchGives200() {
        String path = record(RECORD);
        long current = lastModified(path);

        given().header("If-Match", etag(current)).get(path).then().statusCode(200);
        given().header("If-Match", "*").get(path).then().statusCode(200);
    }

    @Test
    void getWithStaleIfMatchGives412WithTheExistingObject() {
        String path = record(RECORD);
        JsonNode stored = storedData(path);

        Response response = given().header("If-Match", stale(stored.get("last_modified").longValue())).get(path);

        assertModifiedMeanwhile(response, path, stored);
        response.then().body("details.existing", not(hasKey("permissions")));
    }

    @Test
    void preconditionsOnAMissingObjectGetGive404() {
        String path = collection() + "/records/nope";

        given().header("If-Match", "*").get(path).then().statusCode(404).body("errno", equalTo(110));
        given().header("If-None-Match", "*").get(path).then().statusCode(404).body("errno", equalTo(110));
    }

    // ------------------------------------------------------------------ PUT

    @Test
    void putWithMatchingIfMatchReplaces() {
        String path = record(RECORD);

        given().header("If-Match", etag(lastModified(path))).contentType("application/json")
                .body("{\"data\": {\"b\": 2}}").put(path).then().statusCode(200)
                .body("data.b", equalTo(2))
                .body("data", not(hasKey("a")));
    }

    @Test
    void putWithIfMatchStarOnAnExistingObjectReplaces() {
        String path = record(RECORD);

        given().header("If-Match", "*").contentType("application/json")
                .body("{\"data\": {\"b\": 2}}").put(path).then().statusCode(200).body("data.b", equalTo(2));
    }

    @Test
    void putWithStaleIfMatchGives412AndChangesNothing() {
        String path = record(RECORD);
        JsonNode stored = storedData(path);

        Response response = given().header("If-Match", stale(stored.get("last_modified").longValue()))
                .contentType("application/json").body("{\"data\": {\"b\": 2}}").put(path);

        assertModifiedMeanwhile(response, path, stored);
        assertEquals(stored, storedData(path));
    }

    @Test
    void putWithIfMatchOnAMissingObjectGives412WithoutDetailsAndCreatesNothing() {
        String path = collection() + "/records/" + uid("r");

        assertModifiedMeanwhileWithoutDetails(given().header("If-Match", "*").contentType("application/json")
                .body("{\"data\": {}}").put(path));
        assertModifiedMeanwhileWithoutDetails(given().header("If-Match", "\"123\"").contentType("application/json")
                .body("{\"data\": {}}").put(path));
        given().get(path).then().statusCode(404);
    }

    @Test
    void putWithIfNoneMatchStarOnAnExistingObjectGives412AndChangesNothing() {
        String path = record(RECORD);
        JsonNode stored = storedData(path);

        Response response = given().header("If-None-Match", "*").contentType("application/json")
                .body("{\"data\": {\"b\": 2}}").put(path);

        assertModifiedMeanwhile(response, path, stored);
        assertEquals(stored, storedData(path));
    }

    @Test
    void putWithIfNoneMatchStarOnAMissingObjectCreates() {
        String path = collection() + "/records/" + uid("r");

        given().header("If-None-Match", "*").contentType("application/json")
                .body("{\"data\": {\"b\": 2}}").put(path).then().statusCode(201).body("data.b", equalTo(2));
    }

    @Test
    void putWithIfNoneMatchStarOverATombstoneCreates() {
        String path = record(RECORD);
        given().delete(path).then().statusCode(200);

        given().header("If-None-Match", "*").contentType("application/json")
                .body("{\"data\": {\"b\": 2}}").put(path).then().statusCode(201);
    }

    @Test
    void ifNoneMatchWithATimestampHasNoEffectOnWrites() {
        String path = record(RECORD);
        String current = etag(lastModified(path));

        given().header("If-None-Match", current).contentType("application/json")
                .body("{\"data\": {\"b\": 2}}").put(path).then().statusCode(200);
        given().header("If-None-Match", etag(lastModified(path))).contentType("application/json")
                .body("{\"data\": {\"c\": 3}}").patch(path).then().statusCode(200);
        given().header("If-None-Match", etag(lastModified(path))).delete(path).then().statusCode(200);
    }

    // ------------------------------------------------------------------ PATCH

    @Test
    void patchWithMatchingOrStarIfMatchApplies() {
        String path = record(RECORD);

        given().header("If-Match", etag(lastModified(path))).contentType("application/json")
                .body("{\"data\": {\"b\": 2}}").patch(path).then().statusCode(200).body("data.a", equalTo(1));
        given().header("If-Match", "*").contentType("application/json")
                .body("{\"data\": {\"c\": 3}}").patch(path).then().statusCode(200).body("data.b", equalTo(2));
    }

    @Test
    void patchWithStaleIfMatchGives412AndChangesNothing() {
        String path = record(RECORD);
        JsonNode stored = storedData(path);

        Response response = given().header("If-Match", stale(stored.get("last_modified").longValue()))
                .contentType("application/json").body("{\"data\": {\"b\": 2}}").patch(path);

        assertModifiedMeanwhile(response, path, stored);
        assertEquals(stored, storedData(path));
    }

    @Test
    void patchWithIfNoneMatchStarOnAnExistingObjectGives412() {
        String path = record(RECORD);
        JsonNode stored = storedData(path);

        assertModifiedMeanwhile(given().header("If-None-Match", "*").contentType("application/json")
                .body("{\"data\": {\"b\": 2}}").patch(path), path, stored);
    }

    @Test
    void patchPreconditionsOnAMissingObjectGive404() {
        String path = collection() + "/records/nope";

        given().header("If-Match", "*").contentType("application/json").body("{\"data\": {}}").patch(path)
                .then().statusCode(404).body("errno", equalTo(110));
        given().header("If-None-Match", "*").contentType("application/json").body("{\"data\": {}}").patch(path)
                .then().statusCode(404).body("errno", equalTo(110));
    }

    // ------------------------------------------------------------------ DELETE

    @Test
    void deleteWithMatchingIfMatchDeletes() {
        String path = record(RECORD);

        given().header("If-Match", etag(lastModified(path))).delete(path).then().statusCode(200)
                .body("data.deleted", equalTo(true));
        given().get(path).then().statusCode(404);
    }

    @Test
    void deleteWithStaleIfMatchOrIfNoneMatchStarGives412AndKeepsTheObject() {
        String path = record(RECORD);
        JsonNode stored = storedData(path);

        assertModifiedMeanwhile(given().header("If-Match", stale(stored.get("last_modified").longValue())).delete(path),
                path, stored);
        assertModifiedMeanwhile(given().header("If-None-Match", "*").delete(path), path, stored);
        assertEquals(stored, storedData(path));
    }

    @Test
    void deletePreconditionsOnAMissingObjectGive404() {
        String path = collection() + "/records/nope";

        given().header("If-Match", "*").delete(path).then().statusCode(404).body("errno", equalTo(110));
        given().header("If-None-Match", "*").delete(path).then().statusCode(404).body("errno", equalTo(110));
    }

    // ------------------------------------------------------------------ POST with an id (api.md §4.3)

    @Test
    void postWithIfNoneMatchStarAndAnExistingIdGives412() {
        String path = record(RECORD);
        JsonNode stored = storedData(path);

        Response response = given().header("If-None-Match", "*").contentType("application/json")
                .body("{\"data\": {\"id\": \"" + idOf(path) + "\", \"b\": 2}}").post(collectionOf(path) + "/records");

        assertModifiedMeanwhile(response, path, stored);
    }

    @Test
    void postWithIfNoneMatchStarAndANewIdCreates() {
        String records = collection() + "/records";

        given().header("If-None-Match", "*").contentType("application/json")
                .body("{\"data\": {\"id\": \"fresh\"}}").post(records).then().statusCode(201)
                .body("data.id", equalTo("fresh"));
    }

    @Test
    void postWithIfMatchNeverCreates() {
        String records = collection() + "/records";

        assertModifiedMeanwhileWithoutDetails(given().header("If-Match", "*").contentType("application/json")
                .body("{\"data\": {\"id\": \"fresh\"}}").post(records));
        assertModifiedMeanwhileWithoutDetails(given().header("If-Match", "\"42\"").contentType("application/json")
                .body("{\"data\": {\"a\": 1}}").post(records));
        given().get(records + "/fresh").then().statusCode(404);
        given().get(records).then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void postWithIfMatchOnAnExistingIdReturnsItOrGives412() {
        String path = record(RECORD);
        JsonNode stored = storedData(path);
        long current = stored.get("last_modified").longValue();
        String body = "{\"data\": {\"id\": \"" + idOf(path) + "\", \"b\": 2}}";

        given().header("If-Match", etag(current)).contentType("application/json").body(body)
                .post(collectionOf(path) + "/records").then().statusCode(200)
                .header("ETag", etag(current))
                .body("data.a", equalTo(1));
        assertModifiedMeanwhile(given().header("If-Match", stale(current)).contentType("application/json").body(body)
                .post(collectionOf(path) + "/records"), path, stored);
    }

    // ------------------------------------------------------------------ malformed headers (api.md §6.1)

    @Test
    void malformedIfNoneMatchGivesTheVerbatim400() {
        String path = record(RECORD);

        Response response = given().header("If-None-Match", "abc").get(path);

        response.then().statusCode(400);
        assertBody(response, "{\"code\":400,\"errno\":107,\"error\":\"Invalid parameters\",\"message\":\"If-None-Match in header: The value should be integer between double quotes.\",\"details\":[{\"location\":\"header\",\"name\":\"If-None-Match\",\"description\":\"The value should be integer between double quotes.\"}]}");
    }

    @Test
    void unsupportedIfMatchFormsGive400() {
        String path = record(RECORD);
        long current = lastModified(path);

        for (String value : new String[] {"W/" + etag(current), String.valueOf(current), "*abc", "\"12a\"",
                etag(current) + ", " + etag(current), "Sun, 22 Nov 2026 20:03:35 GMT"}) {
            given().header("If-Match", value).get(path).then().statusCode(400)
                    .body("errno", equalTo(107))
                    .body("message", equalTo("If-Match in header: The value should be integer between double quotes."))
                    .body("details[0].name", equalTo("If-Match"));
        }
    }

    @Test
    void malformedIfMatchOnAWriteIs400AndChangesNothing() {
        String path = record(RECORD);
        JsonNode stored = storedData(path);

        given().header("If-Match", "nope").contentType("application/json").body("{\"data\": {\"b\": 2}}").put(path)
                .then().statusCode(400).body("details[0].location", equalTo("header"));
        given().header("If-None-Match", "*x").delete(path).then().statusCode(400)
                .body("details[0].name", equalTo("If-None-Match"));
        assertEquals(stored, storedData(path));
    }
}
