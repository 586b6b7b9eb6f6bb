package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.bucket;
import static dev.kintoj.api.Fixtures.collection;
import static dev.kintoj.api.Fixtures.collectionOf;
import static dev.kintoj.api.Fixtures.etag;
import static dev.kintoj.api.Fixtures.idOf;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.lastModified;
import static dev.kintoj.api.Fixtures.record;
import static dev.kintoj.api.Fixtures.storedData;
import static dev.kintoj.api.Fixtures.uid;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Verbatim error bodies for malformed requests on object endpoints (errors.md §3, §4.3–§4.7). */
@QuarkusTest
class BodyErrorsTest {

    private static final String NOT_A_MAPPING = " is not a mapping type: Does not implement dict-like functionality.";

    /** The body of a single-entry validation error as errors.md §3 builds it. */
    private static String invalid(String message, String location, String name, String description) {
        return "{\"code\":400,\"errno\":107,\"error\":\"Invalid parameters\",\"message\":" + quote(message)
                + ",\"details\":[{\"location\":\"" + location + "\",\"name\":" + (name == null ? "null" : quote(name))
                + ",\"description\":" + quote(description) + "}]}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Asserts the request changed nothing: same stored object, same ETag. */
    private static void assertUnchanged(String path, JsonNode before) {
        assertEquals(before, storedData(path));
        given().get(path).then().header("ETag", etag(before.get("last_modified").longValue()));
    }

    // ------------------------------------------------------------------ malformed bodies (§4.4)

    @Test
    void invalidJsonGivesErrno107WithTheInvalidJsonPrefix() {
        String path = record("{\"a\": 1}");
        JsonNode before = storedData(path);

        Response response = json("{\"data\": ").put(path);

        response.then().statusCode(400)
                .contentType(equalTo("application/json"))
                .body("code", equalTo(400))
                .body("errno", equalTo(107))
                .body("error", equalTo("Invalid parameters"))
                .body("message", startsWith("Invalid JSON: "))
                .body("details", hasSize(2))
                .body("details[0].location", equalTo("body"))
                .body("details[0].name", equalTo(""))
                .body("details[0].description", startsWith("Invalid JSON: "))
                .body("details[1].description", equalTo("Required"));
        assertUnchanged(path, before);
    }

    @Test
    void invalidJsonOnPostCreatesNothing() {
        String records = collection() + "/records";

        json("{'single': 'quotes'}").post(records).then().statusCode(400)
                .body("message", startsWith("Invalid JSON"));
        given().get(records).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void scalarBodyGivesTheVerbatimError() {
        String path = collection() + "/records/" + uid("r");

        Response response = json("42").put(path);

        response.then().statusCode(400);
        assertBody(response, "{\"code\":400,\"errno\":107,\"error\":\"Invalid parameters\",\"message\":\"Should be a JSON object or an array\",\"details\":[{\"location\":\"body\",\"name\":\"\",\"description\":\"Should be a JSON object or an array\"},{\"location\":\"body\",\"name\":\"\",\"description\":\"Required\"}]}");
        given().get(path).then().statusCode(404);
    }

    @Test
    void arrayBodyGivesTheVerbatimError() {
        String path = record("{\"a\": 1}");
        JsonNode before = storedData(path);

        Response response = json("[1, 2]").put(path);

        response.then().statusCode(400);
        String description = "\"[1, 2]\"" + NOT_A_MAPPING;
        assertBody(response, invalid(description, "body", "", description));
        assertUnchanged(path, before);
    }

    @Test
    void unknownTopLevelKeyIsRefused() {
        String path = record("{\"a\": 1}");
        JsonNode before = storedData(path);

        json("{\"datta\": 1}").put(path).then().statusCode(400)
                .body("errno", equalTo(107))
                .body("error", equalTo("Invalid parameters"))
                .body("message", startsWith("Unrecognized keys in mapping"))
                .body("message", containsString("datta"))
                .body("details", hasSize(1))
                .body("details[0].location", equalTo("body"))
                .body("details[0].name", equalTo(""))
                .body("details[0].description", startsWith("Unrecognized keys in mapping"));
        assertUnchanged(path, before);
    }

    @Test
    void dataThatIsNotAnObjectGivesTheVerbatimError() {
        String path = record("{\"a\": 1}");
        JsonNode before = storedData(path);

        Response response = json("{\"data\": \"x\"}").put(path);

        response.then().statusCode(400);
        assertBody(response, invalid("data in body: \"x\"" + NOT_A_MAPPING, "body", "data", "\"x\"" + NOT_A_MAPPING));
        assertUnchanged(path, before);
    }

    @Test
    void patchWithoutDataOrPermissionsGivesTheVerbatimError() {
        String path = record("{\"a\": 1}");
        JsonNode before = storedData(path);
        String expected = invalid("Provide at least one of data or permissions", "body", "data",
                "Provide at least one of data or permissions");

        assertBody(json("{}").patch(path).then().statusCode(400).extract().response(), expected);
        assertBody(given().contentType("application/json").patch(path).then().statusCode(400).extract().response(), expected);
        assertBody(given().contentType(Fixtures.MERGE_PATCH).body("{}").patch(path).then().statusCode(400).extract().response(), expected);
        assertUnchanged(path, before);
    }

    // ------------------------------------------------------------------ identifiers (§4.5)

    @Test
    void invalidObjectIdGivesTheVerbatimErrorWithANullName() {
        String records = collection() + "/records";

        Response response = given().get(records + "/a*b");

        response.then().statusCode(400)
                .body("details[0]", hasKey("name"))
                .body("details[0].name", nullValue());
        assertBody(response, invalid("path: Invalid object id", "path", null, "Invalid object id"));
    }

    @Test
    void invalidIdsAreRefusedOnEveryObjectMethod() {
        String bucket = bucket();
        String expected = invalid("path: Invalid object id", "path", null, "Invalid object id");

        assertBody(json("{\"data\": {}}").put(bucket + "/collections/-bad").then().statusCode(400).extract().response(), expected);
        assertBody(json("{\"data\": {}}").put(bucket + "/groups/b%C3%A9").then().statusCode(400).extract().response(), expected);
        assertBody(json("{\"data\": {}}").patch(bucket + "/collections/a.b").then().statusCode(400).extract().response(), expected);
        assertBody(given().delete(bucket + "/collections/a.b").then().statusCode(400).extract().response(), expected);
        given().get(bucket + "/collections?_since=0").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void invalidIdsInPostBodiesAreRefusedAsPathErrors() {
        String records = collection() + "/records";
        String expected = invalid("path: Invalid object id", "path", null, "Invalid object id");

        assertBody(json("{\"data\": {\"id\": \"a b\"}}").post(records).then().statusCode(400).extract().response(), expected);
        assertBody(json("{\"data\": {\"id\": 3.14}}").post(records).then().statusCode(400).extract().response(), expected);
        given().get(records).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void bodyIdDifferentFromTheUrlGivesTheVerbatimErrorAndChangesNothing() {
        String path = record("{\"a\": 1}");
        JsonNode before = storedData(path);
        String expected = invalid("Object id does not match existing object", "body", "id",
                "Object id does not match existing object");

        assertBody(json("{\"data\": {\"id\": \"other\", \"a\": 2}}").put(path).then().statusCode(400).extract().response(), expected);
        assertBody(json("{\"data\": {\"id\": \"other\"}}").patch(path).then().statusCode(400).extract().response(), expected);
        assertUnchanged(path, before);
        given().get(collectionOf(path) + "/records/other").then().statusCode(404);
    }

    // ------------------------------------------------------------------ permissions (§4.6)

    @Test
    void permissionNamesAreCheckedPerResource() {
        String bucket = bucket();
        String collection = bucket + "/collections/" + uid("c");
        given().put(collection).then().statusCode(201);

        assertBody(json("{\"permissions\": {\"record:create\": [\"a\"]}}").put(bucket).then().statusCode(400).extract().response(),
                invalid("permissions in body: \"record:create\" is not one of read, write, collection:create, group:create",
                        "body", "permissions", "\"record:create\" is not one of read, write, collection:create, group:create"));
        assertBody(json("{\"permissions\": {\"group:create\": [\"a\"]}}").put(collection).then().statusCode(400).extract().response(),
                invalid("permissions in body: \"group:create\" is not one of read, write, record:create",
                        "body", "permissions", "\"group:create\" is not one of read, write, record:create"));
        assertBody(json("{\"permissions\": {\"record:create\": [\"a\"]}}").put(collection + "/records/r1").then().statusCode(400).extract().response(),
                invalid("permissions in body: \"record:create\" is not one of read, write",
                        "body", "permissions", "\"record:create\" is not one of read, write"));
        assertBody(json("{\"permissions\": {\"collection:create\": [\"a\"]}}").put(bucket + "/groups/g1").then().statusCode(400).extract().response(),
                invalid("permissions in body: \"collection:create\" is not one of read, write",
                        "body", "permissions", "\"collection:create\" is not one of read, write"));
        given().get(collection + "/records/r1").then().statusCode(404);
    }

    @Test
    void permissionValueThatIsNotAListGivesTheVerbatimError() {
        String path = record("{\"a\": 1}");
        JsonNode before = storedData(path);

        Response response = json("{\"permissions\": {\"read\": \"x\"}}").put(path);

        response.then().statusCode(400);
        assertBody(response, invalid("permissions.read in body: \"x\" is not iterable", "body", "permissions.read", "\"x\" is not iterable"));
        assertUnchanged(path, before);
    }

    @Test
    void nullPermissionValuesAreAccepted() {
        String path = collection() + "/records/" + uid("r");

        json("{\"data\": {\"a\": 1}, \"permissions\": {\"read\": null, \"write\": [\"system.Everyone\"]}}").put(path)
                .then().statusCode(201)
                .body("permissions.write", contains("system.Everyone"));
    }

    // ------------------------------------------------------------------ resource fields (§4.7)

    @Test
    void groupMemberEveryoneIsRefusedOnPut() {
        String path = bucket() + "/groups/" + uid("g");

        Response response = json("{\"data\": {\"members\": [\"system.Everyone\"]}}").put(path);

        response.then().statusCode(400);
        assertBody(response, invalid("data.members.0 in body: 'system.Everyone' is not a valid user ID.", "body",
                "data.members.0", "'system.Everyone' is not a valid user ID."));
        given().get(path).then().statusCode(404);
    }

    @Test
    void groupMemberThatIsAGroupUriIsRefusedButAuthenticatedIsAllowed() {
        String bucket = bucket();
        String path = bucket + "/groups/" + uid("g");

        json("{\"data\": {\"members\": [\"alice\", \"/buckets/x/groups/y\"]}}").put(path).then().statusCode(400)
                .body("message", equalTo("data.members.1 in body: '/buckets/x/groups/y' is not a valid user ID."))
                .body("details[0].name", equalTo("data.members.1"));
        json("{\"data\": {\"members\": [\"system.Authenticated\", \"alice\"]}}").put(path).then().statusCode(201)
                .body("data.members", contains("system.Authenticated", "alice"));
    }

    @Test
    void groupMembersThatIsNotAListGivesTheVerbatimError() {
        String path = bucket() + "/groups/" + uid("g");

        Response response = json("{\"data\": {\"members\": \"abc\"}}").put(path);

        response.then().statusCode(400);
        assertBody(response, invalid("data.members in body: \"abc\" is not iterable", "body", "data.members", "\"abc\" is not iterable"));
    }

    @Test
    void groupMemberErrorsOfAPatchAreNotPrefixedWithData() {
        String path = bucket() + "/groups/" + uid("g");
        json("{\"data\": {\"members\": [\"alice\"]}}").put(path).then().statusCode(201);
        JsonNode before = storedData(path);

        Response response = json("{\"data\": {\"members\": [\"system.Everyone\"]}}").patch(path);

        response.then().statusCode(400);
        assertBody(response, invalid("members.0 in body: 'system.Everyone' is not a valid user ID.", "body",
                "members.0", "'system.Everyone' is not a valid user ID."));
        assertUnchanged(path, before);
    }

    @Test
    void collectionCacheExpiresMustBeANumber() {
        String path = bucket() + "/collections/" + uid("c");

        Response response = json("{\"data\": {\"cache_expires\": \"abc\"}}").put(path);

        response.then().statusCode(400);
        assertBody(response, invalid("data.cache_expires in body: \"abc\" is not a number", "body",
                "data.cache_expires", "\"abc\" is not a number"));
        given().get(path).then().statusCode(404);
    }

    // ------------------------------------------------------------------ content negotiation (§4.3)

    @Test
    void textPlainPutGives415AndChangesNothing() {
        String path = bucket();
        JsonNode before = storedData(path);

        Response response = given().contentType("text/plain").body("{\"data\": {\"a\": 1}}").put(path);

        response.then().statusCode(415);
        assertBody(response, "{\"code\":415,\"errno\":107,\"error\":\"Invalid parameters\",\"message\":\"Content-Type header should be one of ['application/json']\",\"details\":[{\"location\":\"header\",\"name\":\"Content-Type\",\"description\":\"Content-Type header should be one of ['application/json']\"}]}");
        assertUnchanged(path, before);
    }

    @Test
    void textPlainPostGives415() {
        String records = collection() + "/records";

        given().contentType("text/plain").body("{}").post(records).then().statusCode(415)
                .body("errno", equalTo(107))
                .body("message", equalTo("Content-Type header should be one of ['application/json']"));
        given().get(records).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void textPlainPatchGives415ListingTheThreePatchTypes() {
        String path = record("{\"a\": 1}");
        JsonNode before = storedData(path);

        Response response = given().contentType("text/plain").body("{\"data\": {\"a\": 2}}").patch(path);

        response.then().statusCode(415)
                .body("code", equalTo(415))
                .body("errno", equalTo(107))
                .body("error", equalTo("Invalid parameters"))
                .body("message", startsWith("Content-Type header should be one of ['"))
                .body("message", containsString("'application/json'"))
                .body("message", containsString("'application/merge-patch+json'"))
                .body("message", containsString("'application/json-patch+json'"))
                .body("details[0].location", equalTo("header"))
                .body("details[0].name", equalTo("Content-Type"));
        String message = response.jsonPath().getString("message");
        assertEquals(3, message.split(", ").length, message);
        assertUnchanged(path, before);
    }

    @Test
    void acceptTextHtmlGives406() {
        String path = bucket();

        Response response = given().accept("text/html").get(path);

        response.then().statusCode(406);
        assertBody(response, "{\"code\":406,\"errno\":107,\"error\":\"Invalid parameters\",\"message\":\"Accept header should be one of ['application/json']\",\"details\":[{\"location\":\"header\",\"name\":\"Accept\",\"description\":\"Accept header should be one of ['application/json']\"}]}");
    }

    @Test
    void acceptTextHtmlOnAWriteGives406AndChangesNothing() {
        String path = record("{\"a\": 1}");
        JsonNode before = storedData(path);

        given().accept("text/html").contentType("application/json").body("{\"data\": {\"a\": 2}}").put(path)
                .then().statusCode(406).body("errno", equalTo(107));
        assertUnchanged(path, before);
        assertEquals(before.get("last_modified").longValue(), lastModified(path));
    }

    @Test
    void notAcceptableIsCheckedBeforeTheContentType() {
        String path = bucket();

        given().accept("text/html").contentType("text/plain").body("x").put(path).then().statusCode(406);
    }

    @Test
    void invalidBodyOnAMissingObjectCreatesNothing() {
        String bucket = bucket();
        String path = bucket + "/collections/" + uid("c");

        json("{\"data\": [1]}").put(path).then().statusCode(400).body("details[0].name", equalTo("data"));
        json("{\"data\": {}, \"permissions\": {\"read\": 1}}").put(path).then().statusCode(400)
                .body("details[0].name", equalTo("permissions.read"));
        given().get(path).then().statusCode(404);
    }
}
