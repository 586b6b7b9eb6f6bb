package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.kintoj.api.Fixtures.json;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rejected write changes nothing: for every kind of invalid write, the snapshot of its parent (objects,
 * tombstones, timestamps, ACLs) is the same before and after, on every backend.
 */
@QuarkusTest
@TestProfile(FlushPluginTest.UtilityPluginsAndSchemas.class)
class RejectedWritesTest {

    private static final String SCHEMA = "{\"type\": \"object\", \"properties\": {\"v\": {\"type\": \"integer\"}}}";

    /** A collection with a schema, one record (with an ACL), one tombstone, and a group in its bucket. */
    private static String parent() {
        String bucket = Fixtures.bucket();
        String collection = bucket + "/collections/" + Fixtures.uid("c");
        json("{\"data\": {\"schema\": " + SCHEMA + "}}").put(collection).then().statusCode(201);
        json("{\"data\": {\"v\": 1}, \"permissions\": {\"read\": [\"system.Authenticated\"]}}")
                .put(collection + "/records/kept").then().statusCode(201);
        json("{\"data\": {\"v\": 2}}").put(collection + "/records/gone").then().statusCode(201);
        given().delete(collection + "/records/gone").then().statusCode(200);
        json("{\"data\": {\"members\": [\"a\"]}}").put(bucket + "/groups/g").then().statusCode(201);
        return collection;
    }

    /** Everything a client can see of the collection and its bucket. */
    private static List<String> snapshot(String collection) {
        String bucket = collection.substring(0, collection.indexOf("/collections/"));
        List<String> views = new ArrayList<>();
        for (String url : new String[] {collection + "/records?_since=0&_sort=id", collection, bucket,
                bucket + "/collections", bucket + "/groups", collection + "/records/kept", "/v1/permissions?_sort=uri"}) {
            Response response = given().get(url);
            views.add(url + " " + response.statusCode() + " " + response.header("ETag") + " " + response.asString());
        }
        return views;
    }

    @Test
    void invalidWritesChangeNothing() {
        String collection = parent();
        String records = collection + "/records";
        String bucket = collection.substring(0, collection.indexOf("/collections/"));
        List<String> initial = snapshot(collection);
        check(collection, initial, "NUL in a principal",
                json("{\"data\": {\"v\": 1}, \"permissions\": {\"read\": [\"\\u0000\"]}}").post(records), 400);
        check(collection, initial, "NUL in a principal of a PUT",
                json("{\"data\": {\"v\": 1}, \"permissions\": {\"read\": [\"\\u0000\"]}}").put(records + "/new"), 400);
        check(collection, initial, "NUL in data",
                json("{\"data\": {\"v\": 1, \"s\": \"\\u0000\"}}").post(records), 400);
        check(collection, initial, "NUL in a merge-patched principal",
                json("{\"permissions\": {\"write\": [\"\\u0000\"]}}").patch(records + "/kept"), 400);
        check(collection, initial, "NUL in a JSON-patched principal",
                given().contentType(Fixtures.JSON_PATCH).body("[{\"op\": \"replace\", \"path\": \"/data/v\", \"value\": 5}, {\"op\": \"add\", \"path\": \"/permissions/read/\\u0000\"}]")
                        .patch(records + "/kept"), 400);
        check(collection, initial, "invalid JSON", json("{\"data\": ").post(records), 400);
        check(collection, initial, "unknown key", json("{\"data\": {}, \"x\": 1}").post(records), 400);
        check(collection, initial, "permission not of the kind",
                json("{\"data\": {}, \"permissions\": {\"destroy\": [\"a\"]}}").put(records + "/new"), 400);
        check(collection, initial, "schema", json("{\"data\": {\"v\": \"one\"}}").post(records), 400);
        check(collection, initial, "schema of a patch", json("{\"data\": {\"v\": \"one\"}}").patch(records + "/kept"), 400);
        check(collection, initial, "invalid id", json("{\"data\": {\"v\": 1}}").put(records + "/a*b"), 400);
        check(collection, initial, "id mismatch", json("{\"data\": {\"id\": \"other\", \"v\": 1}}").put(records + "/new"), 400);
        check(collection, initial, "precondition", given().header("If-Match", "\"1\"").contentType(Fixtures.JSON)
                .body("{\"data\": {\"v\": 3}}").put(records + "/kept"), 412);
        check(collection, initial, "group members with NUL",
                json("{\"data\": {\"members\": [\"\\u0000\"]}}").put(bucket + "/groups/g"), 400);
        check(collection, initial, "batch of invalid writes", json("{\"requests\": ["
                + "{\"method\": \"POST\", \"path\": \"" + records.substring(3) + "\", \"body\": {\"data\": {\"v\": 1}, \"permissions\": {\"read\": [\"\\u0000\"]}}},"
                + "{\"method\": \"PUT\", \"path\": \"" + records.substring(3) + "/new\", \"body\": {\"data\": {\"v\": \"one\"}}},"
                + "{\"method\": \"PATCH\", \"path\": \"" + records.substring(3) + "/kept\", \"body\": {\"permissions\": {\"read\": [\"\\u0000\"]}}}"
                + "]}").post("/v1/batch"), 200);
    }

    private static void check(String collection, List<String> initial, String what, Response rejected, int status) {
        assertEquals(status, rejected.statusCode(), what + ": " + rejected.asString());
        if (status != 200) {
            assertTrue(rejected.asString().contains("\"errno\""), what + ": " + rejected.asString());
        } else {
            assertTrue(!rejected.asString().contains("\"status\":20"), what + ": " + rejected.asString());
        }
        assertEquals(initial, snapshot(collection), what);
    }
}
