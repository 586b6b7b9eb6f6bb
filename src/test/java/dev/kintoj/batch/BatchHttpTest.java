package dev.kintoj.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/batch} through the real server (batch.md): subrequests, defaults, errors, transaction rules. */
@QuarkusTest
class BatchHttpTest {

    private static final String ALICE = basic("alice");
    private static final String BOB = basic("bob");

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes());
    }

    private static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Response batch(String body) {
        return given().contentType("application/json").body(body).post("/v1/batch");
    }

    private static JsonPath ok(String body) {
        return batch(body).then().statusCode(200).header("ETag", nullValue()).extract().jsonPath();
    }

    /** A bucket and collection created anonymously (the test profile lets everyone create buckets). */
    private static String collection() {
        String bucket = "/buckets/" + id("b");
        given().put("/v1" + bucket).then().statusCode(201);
        given().put("/v1" + bucket + "/collections/c").then().statusCode(201);
        return bucket + "/collections/c";
    }

    @Test
    void createsRecordsWithDefaults() {
        String collection = collection();
        JsonPath result = ok("""
                {"defaults": {"method": "POST", "path": "%s/records"},
                 "requests": [{"body": {"data": {"id": "x", "n": 1}}}, {"body": {"data": {"id": "y", "n": 2}}}]}"""
                .formatted(collection));
        List<Map<String, Object>> responses = result.getList("responses");
        assertEquals(2, responses.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(201, result.getInt("responses[" + i + "].status"));
            assertEquals("/v1" + collection + "/records", result.getString("responses[" + i + "].path"));
            assertEquals(i + 1, result.getInt("responses[" + i + "].body.data.n"));
            String etag = result.getString("responses[" + i + "].headers.ETag");
            assertEquals("\"" + result.getLong("responses[" + i + "].body.data.last_modified") + "\"", etag);
            assertEquals("application/json", result.getString("responses[" + i + "].headers.Content-Type"));
            assertEquals("nosniff", result.getString("responses[" + i + "].headers.X-Content-Type-Options"));
        }
        assertTrue(result.getLong("responses[1].body.data.last_modified") > result.getLong("responses[0].body.data.last_modified"));
        given().get("/v1" + collection + "/records/x").then().statusCode(200).body("data.n", equalTo(1));
        given().get("/v1" + collection + "/records/y").then().statusCode(200).body("data.n", equalTo(2));
    }

    @Test
    void defaultsMergeRecursivelyAndRequestsWin() {
        String collection = collection();
        JsonPath result = ok("""
                {"defaults": {"method": "PUT", "headers": {"Authorization": "%s", "Accept": "application/json"},
                              "body": {"data": {"kind": "default", "color": "red"}, "permissions": {"read": ["system.Everyone"]}}},
                 "requests": [{"path": "%s/records/a", "headers": {"Authorization": "%s"}, "body": {"data": {"color": "blue"}}}]}"""
                .formatted(ALICE, collection, BOB));
        assertEquals(201, result.getInt("responses[0].status"));
        assertEquals("blue", result.getString("responses[0].body.data.color"));
        assertEquals("default", result.getString("responses[0].body.data.kind"));
        assertEquals(List.of("system.Everyone"), result.getList("responses[0].body.permissions.read"));
        // The request's Authorization (bob) won over the default (alice): bob is the owner.
        String bob = given().header("Authorization", BOB).get("/v1/").jsonPath().getString("user.id");
        assertEquals(List.of(bob), result.getList("responses[0].body.permissions.write"));
    }

    @Test
    void laterSubrequestsSeeEarlierOnesAndPathsMayOmitTheVersion() {
        String bucket = "/buckets/" + id("b");
        JsonPath result = ok("""
                {"requests": [
                  {"method": "PUT", "path": "%1$s"},
                  {"method": "PUT", "path": "/v1%1$s/collections/c"},
                  {"method": "POST", "path": "%1$s/collections/c/records", "body": {"data": {"id": "r", "t": "x"}}},
                  {"method": "GET", "path": "%1$s/collections/c/records?_limit=1&t=x"},
                  {"method": "HEAD", "path": "%1$s/collections/c/records"}]}""".formatted(bucket));
        assertEquals(List.of(201, 201, 201, 200, 200), result.getList("responses.status"));
        assertEquals("/v1" + bucket + "/collections/c/records", result.getString("responses[3].path"));
        assertEquals(List.of("r"), result.getList("responses[3].body.data.id"));
        assertEquals("", result.getString("responses[4].body"));
        assertEquals("1", result.getString("responses[4].headers.Total-Objects"));
    }

    @Test
    void failingSubrequestsAreReportedAndTheOthersKept() {
        String collection = collection();
        JsonPath result = ok("""
                {"requests": [
                  {"method": "PUT", "path": "%1$s/records/kept", "body": {"data": {"a": 1}}},
                  {"method": "PUT", "path": "/buckets/nope%2$s/collections/missing/records/r", "headers": {"Authorization": "%3$s"}},
                  {"method": "PUT", "path": "%1$s/records/kept", "headers": {"If-None-Match": "*"}},
                  {"method": "PATCH", "path": "%1$s/records/also", "body": {"data": {"b": 2}}},
                  {"method": "PUT", "path": "%1$s/records/also", "body": {"data": {"b": 3}}}]}"""
                .formatted(collection, id(""), ALICE));
        // A missing bucket is readable by nobody: its missing collection is not revealed either (403).
        assertEquals(List.of(201, 403, 412, 404, 201), result.getList("responses.status"));
        assertEquals(121, result.getInt("responses[1].body.errno"));
        assertEquals(114, result.getInt("responses[2].body.errno"));
        assertEquals(110, result.getInt("responses[3].body.errno"));
        given().get("/v1" + collection + "/records/kept").then().statusCode(200).body("data.a", equalTo(1));
        given().get("/v1" + collection + "/records/also").then().statusCode(200).body("data.b", equalTo(3));
    }

    @Test
    void parentsChangedInTheBatchAreSeenByLaterSubrequests() {
        String collection = collection();
        JsonPath result = ok("""
                {"defaults": {"method": "PUT"},
                 "requests": [{"path": "%1$s/records/a"}, {"path": "%1$s", "method": "DELETE"}, {"path": "%1$s/records/b"},
                              {"path": "%1$s"}, {"path": "%1$s/records/c"}, {"path": "%1$s/records/a", "method": "GET"}]}"""
                .formatted(collection));
        assertEquals(List.of(201, 200, 404, 201, 201, 404), result.getList("responses.status"));
        assertEquals(111, result.getInt("responses[2].body.errno"));
        given().get("/v1" + collection + "/records/c").then().statusCode(200);
    }

    @Test
    void thePersonalBucketIsPreparedForEverySubrequest() {
        String user = basic("carol" + UUID.randomUUID());
        JsonPath result = given().header("Authorization", user).contentType("application/json").body("""
                {"defaults": {"method": "POST", "path": "/buckets/default/collections/tasks/records"},
                 "requests": [{"body": {"data": {"n": 1}}}, {"body": {"data": {"n": 2}}}, {"body": {"data": {"n": 3}}},
                              {"method": "DELETE", "path": "/buckets/default/collections/tasks"},
                              {"body": {"data": {"n": 4}}}, {"method": "GET"}]}""")
                .post("/v1/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(201, 201, 201, 200, 201, 200), result.getList("responses.status"));
        assertEquals(List.of(4), result.getList("responses[5].body.data.n"));
    }

    @Test
    void trailingSlashRedirectIsFollowed() {
        String collection = collection();
        JsonPath result = ok("{\"requests\": [{\"path\": \"" + collection + "/\"}]}");
        assertEquals(200, result.getInt("responses[0].status"));
        assertEquals("/v1" + collection, result.getString("responses[0].path"));
        assertEquals("c", result.getString("responses[0].body.data.id"));
    }

    @Test
    void unknownPathsAndMethodsAnswerAsTheyWouldAlone() {
        JsonPath result = ok("""
                {"requests": [{"path": "/nowhere"}, {"method": "PATCH", "path": "/buckets"},
                              {"method": "TRACE", "path": "/buckets"}]}""");
        assertEquals(List.of(404, 405, 405), result.getList("responses.status"));
        assertEquals(111, result.getInt("responses[0].body.errno"));
        assertEquals(115, result.getInt("responses[1].body.errno"));
        assertEquals("/v1/nowhere", result.getString("responses[0].path"));
    }

    @Test
    void anUndecodablePathIsOneUnknownUrlAmongTheResponses() {
        String collection = collection();
        JsonPath result = ok("{\"requests\": [{\"path\": \"/buckets/%zz\"}, {\"method\": \"PUT\", \"path\": \"" + collection + "/records/r\"}]}");
        assertEquals(List.of(404, 201), result.getList("responses.status"));
        assertEquals(111, result.getInt("responses[0].body.errno"));
        assertEquals("/v1/buckets/%zz", result.getString("responses[0].path"));
        given().get("/v1" + collection + "/records/r").then().statusCode(200);
    }

    @Test
    void anonymousSubrequestsAreAnonymous() {
        String bucket = "/buckets/" + id("p");
        given().header("Authorization", ALICE).put("/v1" + bucket).then().statusCode(201);
        JsonPath result = ok("{\"requests\": [{\"path\": \"" + bucket + "\"}]}");
        assertEquals(401, result.getInt("responses[0].status"));
        assertEquals(104, result.getInt("responses[0].body.errno"));
        assertTrue(result.getString("responses[0].headers.WWW-Authenticate").startsWith("Basic realm="));
        JsonPath asAlice = given().header("Authorization", ALICE).contentType("application/json")
                .body("{\"requests\": [{\"path\": \"" + bucket + "\"}, {\"path\": \"" + bucket + "\", \"headers\": {\"Authorization\": \"" + BOB + "\"}}]}")
                .post("/v1/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(200, 403), asAlice.getList("responses.status"));
    }

    @Test
    void safeCreationsGiveOneCreatedAndOnePreconditionFailed() {
        String record = collection() + "/records/" + id("r");
        JsonPath result = ok("""
                {"defaults": {"method": "PUT", "path": "%s", "headers": {"If-None-Match": "*"}, "body": {"data": {"v": 1}}},
                 "requests": [{}, {}]}""".formatted(record));
        assertEquals(List.of(201, 412), result.getList("responses.status"));
    }

    @Test
    void utilityEndpointsAndPermissionsAreServedToo() {
        JsonPath result = given().header("Authorization", ALICE).contentType("application/json")
                .body("{\"requests\": [{\"path\": \"/\"}, {\"path\": \"/__heartbeat__\"}, {\"path\": \"/permissions\"}]}")
                .post("/v1/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(200, 200, 200), result.getList("responses.status"));
        assertTrue(result.getString("responses[0].body.user.id").startsWith("basicauth:"));
        assertEquals(true, result.getBoolean("responses[1].body.storage"));
        assertTrue(result.getList("responses[2].body.data") != null);
    }

    @Test
    void emptyRequestListAnswersNoResponses() {
        assertEquals(List.of(), ok("{\"requests\": []}").getList("responses"));
    }

    @Test
    void invalidBatchesAreRejectedWholeAndChangeNothing() {
        String collection = collection();
        String valid = "{\"method\": \"PUT\", \"path\": \"" + collection + "/records/never\"}";
        assertInvalid("{\"defaults\": {}}", "requests", "requests in body: Required");
        assertInvalid("{\"requests\": [" + valid + ", {\"path\": \"/x\", \"foo\": 1}]}",
                "requests.1", "requests.1 in body: Unrecognized keys in mapping: \"{'foo': 1}\"");
        assertInvalid("{\"requests\": [" + valid + ", {\"path\": \"/x\", \"method\": \"FOO\"}]}",
                "requests.1.method", "requests.1.method in body: \"FOO\" is not one of GET, HEAD, DELETE, TRACE, POST, PUT, PATCH");
        assertInvalid("{\"requests\": [" + valid + ", {\"method\": \"GET\"}]}", "requests.1.path", "requests.1.path in body: Required");
        assertInvalid("{\"requests\": [{\"path\": \"buckets\"}]}", "requests.0.path",
                "requests.0.path in body: String does not match expected pattern");
        assertInvalid("{\"requests\": [{\"method\": \"POST\", \"path\": \"/batch\", \"body\": {\"requests\": []}}]}", "requests",
                "requests in body: Recursive call on /batch endpoint is forbidden.");
        assertInvalid("{\"requests\": [" + valid + ", {\"path\": \"/buckets/batchjobs\"}]}", "requests",
                "requests in body: Recursive call on /batch endpoint is forbidden.");
        assertInvalid("{\"requests\": [{\"path\": \"/\", \"headers\": {\"X\": 1}}]}", "requests.0.headers",
                "requests.0.headers in body: {'X': 1} contains non string value");
        assertInvalid("{\"requests\": [{\"path\": \"/\", \"body\": [1]}]}", "requests.0.body",
                "requests.0.body in body: \"[1]\" is not a mapping type: Does not implement dict-like functionality.");
        assertInvalid("{\"requests\": \"x\"}", "requests", "requests in body: \"x\" is not iterable");
        assertInvalid("{\"requests\": [], \"extra\": true}", "", "Unrecognized keys in mapping: \"{'extra': True}\"");
        StringBuilder many = new StringBuilder("{\"requests\": [");
        for (int i = 0; i < 26; i++) {
            many.append(i == 0 ? "" : ",").append(valid);
        }
        assertInvalid(many.append("]}").toString(), "requests", "Number of requests is limited to 25");
        given().get("/v1" + collection + "/records/never").then().statusCode(404);
    }

    private static void assertInvalid(String body, String name, String message) {
        batch(body).then().statusCode(400)
                .body("errno", equalTo(107))
                .body("message", equalTo(message))
                .body("details.name", hasItem(name));
    }

    @Test
    void malformedJsonAndOtherMediaTypesAreRefused() {
        batch("{\"requests\": [").then().statusCode(400).body("errno", equalTo(107));
        given().contentType("text/plain").body("{\"requests\": []}").post("/v1/batch").then().statusCode(415)
                .body("errno", equalTo(107));
        given().get("/v1/batch").then().statusCode(405).body("errno", equalTo(115));
    }

    @Test
    void aSubrequestBodyIsSentAsJsonWhateverTheOuterContentType() {
        String collection = collection();
        JsonPath result = given().contentType("application/json; charset=utf-8")
                .body("{\"requests\": [{\"method\": \"PATCH\", \"path\": \"" + collection + "\", \"body\": {\"data\": {\"p\": 1}}}]}")
                .post("/v1/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(200, result.getInt("responses[0].status"));
        assertEquals(1, result.getInt("responses[0].body.data.p"));
        assertNotEquals(null, result.getString("responses[0].headers.Last-Modified"));
    }
}
