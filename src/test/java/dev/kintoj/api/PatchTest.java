package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.kintoj.api.Fixtures.JSON_PATCH;
import static dev.kintoj.api.Fixtures.MERGE_PATCH;
import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.etag;
import static dev.kintoj.api.Fixtures.idOf;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.lastModified;
import static dev.kintoj.api.Fixtures.parse;
import static dev.kintoj.api.Fixtures.record;
import static dev.kintoj.api.Fixtures.storedData;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PATCH in its three flavours, permissions merging and {@code Response-Behavior} (api.md §5.3). */
@QuarkusTest
class PatchTest {

    private static final String SHARED_ACL =
            "{\"permissions\": {\"write\": [\"system.Everyone\"], \"read\": [\"a\"]}}";

    private static Response patch(String contentType, String body, String path) {
        return given().contentType(contentType).body(body).patch(path);
    }

    /** A record whose ACL is write [system.Everyone], read [a] (so it is visible to the anonymous requester). */
    private static String sharedRecord(String data) {
        String path = record(data);
        json(SHARED_ACL).put(path).then().statusCode(200);
        return path;
    }

    // ------------------------------------------------------------------ application/json

    @Test
    void jsonPatchOfDataIsAShallowMerge() {
        String path = record("{\"a\": 1, \"keep\": \"k\", \"sub\": {\"x\": 1, \"y\": 2}}");
        long before = lastModified(path);

        Response response = json("{\"data\": {\"a\": 2, \"sub\": {\"x\": 5}, \"new\": [1]}}").patch(path);

        response.then().statusCode(200)
                .body("data.a", equalTo(2))
                .body("data.keep", equalTo("k"))
                .body("data.sub", aMapWithSize(1))
                .body("data.sub.x", equalTo(5))
                .body("data.new", contains(1))
                .body("data.id", equalTo(idOf(path)));
        long after = response.jsonPath().getLong("data.last_modified");
        assertTrue(after > before, after + " > " + before);
        assertEquals(etag(after), response.header("ETag"));
        assertEquals(parse(response.asString()).get("data"), storedData(path));
    }

    @Test
    void jsonPatchStoresNullValuesInsteadOfRemovingKeys() {
        String path = record("{\"a\": 1, \"b\": 2}");

        json("{\"data\": {\"a\": null}}").patch(path).then().statusCode(200)
                .body("data", hasKey("a"))
                .body("data.a", nullValue())
                .body("data.b", equalTo(2));
        assertTrue(storedData(path).get("a").isNull());
    }

    @Test
    void patchAlwaysBumpsTheTimestampEvenWithoutChange() {
        String path = record("{\"a\": 1}");
        long before = lastModified(path);

        long after = json("{\"data\": {\"a\": 1}}").patch(path).then().statusCode(200)
                .extract().jsonPath().getLong("data.last_modified");

        assertTrue(after > before, after + " > " + before);
    }

    @Test
    void jsonPatchOfOnePermissionKeepsTheOthers() {
        String path = sharedRecord("{\"a\": 1}");

        json("{\"permissions\": {\"read\": [\"b\", \"c\"]}}").patch(path).then().statusCode(200)
                .body("data.a", equalTo(1))
                .body("permissions.read", containsInAnyOrder("b", "c"))
                .body("permissions.write", contains("system.Everyone"));
    }

    @Test
    void jsonPatchWithANullPermissionLeavesItUnchanged() {
        String path = sharedRecord("{}");

        json("{\"permissions\": {\"read\": null}}").patch(path).then().statusCode(200)
                .body("permissions.read", contains("a"))
                .body("permissions.write", contains("system.Everyone"));
    }

    @Test
    void patchWithTheSameIdInTheBodyIsAccepted() {
        String path = record("{\"a\": 1}");

        json("{\"data\": {\"id\": \"" + idOf(path) + "\", \"a\": 2}}").patch(path).then().statusCode(200)
                .body("data.a", equalTo(2));
    }

    // ------------------------------------------------------------------ application/merge-patch+json

    @Test
    void mergePatchRemovesNullKeysAtAnyDepthAndMergesNestedObjects() {
        String path = record("{\"a\": 1, \"sub\": {\"x\": 5, \"y\": 6}, \"list\": [1, 2]}");

        patch(MERGE_PATCH, "{\"data\": {\"a\": null, \"sub\": {\"y\": null, \"z\": 3}, \"list\": [3], \"deep\": {\"k\": {\"v\": 1}}}}", path)
                .then().statusCode(200)
                .body("data", not(hasKey("a")))
                .body("data.sub", aMapWithSize(2))
                .body("data.sub.x", equalTo(5))
                .body("data.sub.z", equalTo(3))
                .body("data.list", contains(3))
                .body("data.deep.k.v", equalTo(1));
        assertTrue(!storedData(path).has("a"));
    }

    @Test
    void mergePatchOfAnObjectIntoAScalarReplacesIt() {
        String path = record("{\"a\": 1}");

        patch(MERGE_PATCH, "{\"data\": {\"a\": {\"b\": 2, \"c\": null}}}", path).then().statusCode(200)
                .body("data.a", aMapWithSize(1))
                .body("data.a.b", equalTo(2));
    }

    @Test
    void mergePatchWithANullPermissionRemovesIt() {
        String path = sharedRecord("{}");

        patch(MERGE_PATCH, "{\"permissions\": {\"read\": null}}", path).then().statusCode(200)
                .body("permissions", not(hasKey("read")))
                .body("permissions.write", contains("system.Everyone"));
        given().get(path).then().body("permissions", not(hasKey("read")));
    }

    @Test
    void mergePatchOfOnePermissionKeepsTheOthers() {
        String path = sharedRecord("{}");

        patch(MERGE_PATCH, "{\"permissions\": {\"read\": [\"z\"]}}", path).then().statusCode(200)
                .body("permissions.read", contains("z"))
                .body("permissions.write", contains("system.Everyone"));
    }

    // ------------------------------------------------------------------ application/json-patch+json

    @Test
    void jsonPatchOperationsApplyToData() {
        String path = record("{\"a\": 1, \"b\": 2, \"c\": {\"d\": 3}}");

        patch(JSON_PATCH, """
                [{"op": "add", "path": "/data/n", "value": [1]},
                 {"op": "replace", "path": "/data/a", "value": "one"},
                 {"op": "remove", "path": "/data/b"},
                 {"op": "move", "from": "/data/c/d", "path": "/data/d"},
                 {"op": "copy", "from": "/data/a", "path": "/data/e"},
                 {"op": "test", "path": "/data/e", "value": "one"}]""", path)
                .then().statusCode(200)
                .body("data.n", contains(1))
                .body("data.a", equalTo("one"))
                .body("data", not(hasKey("b")))
                .body("data.c", anEmptyMap())
                .body("data.d", equalTo(3))
                .body("data.e", equalTo("one"));
    }

    @Test
    void jsonPatchAddsAPrincipalWithoutValue() {
        String path = sharedRecord("{}");

        patch(JSON_PATCH, "[{\"op\": \"add\", \"path\": \"/permissions/read/system.Everyone\"}]", path)
                .then().statusCode(200)
                .body("permissions.read", containsInAnyOrder("a", "system.Everyone"))
                .body("permissions.write", contains("system.Everyone"));
    }

    @Test
    void jsonPatchAddingAPermissionListReplacesIt() {
        String path = sharedRecord("{}");

        patch(JSON_PATCH, "[{\"op\": \"add\", \"path\": \"/permissions/read\", \"value\": [\"x\", \"y\"]}]", path)
                .then().statusCode(200)
                .body("permissions.read", containsInAnyOrder("x", "y"))
                .body("permissions.write", contains("system.Everyone"));
    }

    @Test
    void jsonPatchRemovingTheIdRestoresIt() {
        String path = record("{\"a\": 1}");

        patch(JSON_PATCH, "[{\"op\": \"remove\", \"path\": \"/data/id\"}]", path).then().statusCode(200)
                .body("data.id", equalTo(idOf(path)))
                .body("data.a", equalTo(1));
    }

    @Test
    void jsonPatchChangingTheIdIsRefused() {
        String path = record("{\"a\": 1}");
        long before = lastModified(path);

        Response response = patch(JSON_PATCH, "[{\"op\": \"replace\", \"path\": \"/data/id\", \"value\": \"other\"}]", path);

        response.then().statusCode(400);
        assertBody(response, "{\"code\":400,\"errno\":107,\"error\":\"Invalid parameters\",\"message\":\"Object id does not match existing object\",\"details\":[{\"location\":\"body\",\"name\":\"id\",\"description\":\"Object id does not match existing object\"}]}");
        assertEquals(before, lastModified(path));
    }

    @Test
    void jsonPatchFailedTestOperationIs400AndChangesNothing() {
        String path = record("{\"a\": 1}");
        long before = lastModified(path);

        patch(JSON_PATCH, "[{\"op\": \"replace\", \"path\": \"/data/a\", \"value\": 9}, {\"op\": \"test\", \"path\": \"/data/a\", \"value\": 1}]", path)
                .then().statusCode(400)
                .body("errno", equalTo(107))
                .body("error", equalTo("Invalid parameters"))
                .body("message", startsWith("body: JSON Patch operation failed: "))
                .body("details[0].location", equalTo("body"))
                .body("details[0].name", nullValue());
        assertEquals(before, lastModified(path));
        assertEquals(1, storedData(path).get("a").intValue());
    }

    @Test
    void jsonPatchWithoutValueGivesTheVerbatimError() {
        String path = record("{}");

        Response response = patch(JSON_PATCH, "[{\"op\": \"add\", \"path\": \"/data/x\"}]", path);

        response.then().statusCode(400);
        assertBody(response, "{\"code\":400,\"errno\":107,\"error\":\"Invalid parameters\",\"message\":\"body: JSON Patch operation failed: The operation does not contain a 'value' member\",\"details\":[{\"location\":\"body\",\"name\":null,\"description\":\"JSON Patch operation failed: The operation does not contain a 'value' member\"}]}");
    }

    @Test
    void jsonPatchPathMustStartWithASlash() {
        String path = record("{}");

        Response response = patch(JSON_PATCH, "[{\"op\": \"add\", \"path\": \"data/x\", \"value\": 1}]", path);

        response.then().statusCode(400);
        assertBody(response, "{\"code\":400,\"errno\":107,\"error\":\"Invalid parameters\",\"message\":\"0.path in body: String does not match expected pattern\",\"details\":[{\"location\":\"body\",\"name\":\"0.path\",\"description\":\"String does not match expected pattern\"}]}");
    }

    // ------------------------------------------------------------------ Response-Behavior

    @Test
    void responseBehaviorLightReturnsOnlyTheSentKeysThatChanged() {
        String path = record("{\"a\": 1, \"b\": 2, \"c\": 3}");

        Response response = given().contentType("application/json").header("Response-Behavior", "light")
                .body("{\"data\": {\"a\": 1, \"b\": 20}}").patch(path);

        response.then().statusCode(200);
        assertBody(response, "{\"data\": {\"b\": 20}}");
        assertEquals(etag(lastModified(path)), response.header("ETag"));
    }

    @Test
    void responseBehaviorDiffOmitsKeysWhoseValueIsTheOneSent() {
        String path = record("{\"a\": 1, \"b\": 2}");

        Response response = given().contentType("application/json").header("Response-Behavior", "diff")
                .body("{\"data\": {\"b\": 20}}").patch(path);

        response.then().statusCode(200);
        assertBody(response, "{\"data\": {}}");
        assertEquals(20, storedData(path).get("b").intValue());
    }

    @Test
    void responseBehaviorFullIsTheDefault() {
        String path = record("{\"a\": 1, \"b\": 2}");

        given().contentType("application/json").header("Response-Behavior", "full")
                .body("{\"data\": {\"b\": 20}}").patch(path).then().statusCode(200)
                .body("$", hasKey("permissions"))
                .body("data.a", equalTo(1))
                .body("data.b", equalTo(20));
    }

    @Test
    void unknownResponseBehaviorIs400AndChangesNothing() {
        String path = record("{\"a\": 1}");
        long before = lastModified(path);

        Response response = given().contentType("application/json").header("Response-Behavior", "bad")
                .body("{\"data\": {\"a\": 2}}").patch(path);

        response.then().statusCode(400);
        assertBody(response, "{\"code\":400,\"errno\":107,\"error\":\"Invalid parameters\",\"message\":\"Response-Behavior in header: \\\"bad\\\" is not one of full, light, diff\",\"details\":[{\"location\":\"header\",\"name\":\"Response-Behavior\",\"description\":\"\\\"bad\\\" is not one of full, light, diff\"}]}");
        assertEquals(before, lastModified(path));
    }
}
