package dev.kintoj.defaultbucket;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default_bucket plugin over HTTP (plugins.md §1), in the test configuration (basicauth users, empty
 * {@code default_bucket_hmac_secret}). Users are random basicauth names, so each test starts with no bucket.
 */
@QuarkusTest
class DefaultBucketHttpTest {

    private static final String JSON = "application/json";
    private static final String MAT = "basicauth:8a931a10fc88ab2f6d1cc02a07d3a81b5d4768f6f13e85c5d8d4180419acb1b4";
    private static final String MAT_BUCKET = "ddaf8694-fa9e-2949-ed0e-77198a7907fb";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String UUID4 = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

    /** A basicauth user with a fresh name (hence a fresh personal bucket). */
    private record User(String name, String password) {
        static User fresh() {
            return new User("u" + random(10), "secret");
        }

        RequestSpecification given() {
            return io.restassured.RestAssured.given().auth().preemptive().basic(name, password);
        }

        String id() {
            return "basicauth:" + hmacHex(name + ":" + password);
        }

        String bucket() {
            return bucketId(id());
        }
    }

    private static String random(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /** HMAC-SHA256 with the empty key of the test configuration, lower-case hex. */
    private static String hmacHex(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[1], "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** plugins.md §1.1. */
    private static String bucketId(String userId) {
        String hex = hmacHex(userId);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    private static void assertJsonBody(Response response, String expected) {
        try {
            assertEquals(MAPPER.readTree(expected), MAPPER.readTree(response.asString()), "response body");
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.asString(), e);
        }
    }

    private static Map<String, List<String>> writer(String userId) {
        return Map.of("write", List.of(userId));
    }

    // ---------------------------------------------------------------- bucket id

    @Test
    void testVector() {
        assertEquals(MAT_BUCKET, bucketId(MAT), "the test computes ids as the spec says");
        given().auth().preemptive().basic("mat", "secret").get("/v1/").then().statusCode(200)
                .body("user.id", equalTo(MAT))
                .body("user.bucket", equalTo(MAT_BUCKET));
        given().auth().preemptive().basic("mat", "secret").get("/v1/buckets/default").then().statusCode(200)
                .body("data.id", equalTo(MAT_BUCKET));
        given().auth().preemptive().basic("mat", "secret").get("/v1/buckets/" + MAT_BUCKET).then().statusCode(200)
                .body("data.id", equalTo(MAT_BUCKET));
    }

    @Test
    void helloShowsThePersonalBucketAndTheCapability() {
        User user = User.fresh();
        user.given().get("/v1/").then().statusCode(200)
                .body("user.id", equalTo(user.id()))
                .body("user.bucket", equalTo(user.bucket()))
                .body("capabilities.default_bucket.description",
                        equalTo("The default bucket is an alias for a personal bucket where collections are created implicitly."))
                .body("capabilities.default_bucket.url",
                        equalTo("https://kinto.readthedocs.io/en/latest/api/1.x/buckets.html#personal-bucket-default"));
        given().get("/v1/").then().statusCode(200).body("user.bucket", equalTo(null));
    }

    @Test
    void anonymousRequestsAre401() {
        String expected = "{\"code\":401,\"errno\":104,\"error\":\"Unauthorized\","
                + "\"message\":\"Please authenticate yourself to use this endpoint.\"}";
        Response get = given().get("/v1/buckets/default");
        get.then().statusCode(401);
        assertJsonBody(get, expected);
        Response records = given().get("/v1/buckets/default/collections/tasks/records");
        records.then().statusCode(401);
        assertJsonBody(records, expected);
        Response put = given().contentType(JSON).body("{\"data\": {}}").put("/v1/buckets/default");
        put.then().statusCode(401);
        assertJsonBody(put, expected);
        Response post = given().contentType(JSON).body("{\"data\": {\"a\": 1}}")
                .post("/v1/buckets/default/collections/tasks/records");
        post.then().statusCode(401);
        assertJsonBody(post, expected);
    }

    // ---------------------------------------------------------------- implicit creation

    @Test
    void getCreatesTheBucket() {
        User user = User.fresh();
        user.given().get("/v1/buckets").then().statusCode(200).body("data.id", not(hasItem(user.bucket())));

        user.given().get("/v1/buckets/default").then().statusCode(200)
                .body("data.id", equalTo(user.bucket()))
                .body("permissions", equalTo(writer(user.id())));

        user.given().get("/v1/buckets/" + user.bucket()).then().statusCode(200)
                .body("data.id", equalTo(user.bucket()))
                .body("permissions", equalTo(writer(user.id())));
        user.given().get("/v1/buckets").then().statusCode(200).body("data.id", hasItem(user.bucket()));
        // A second GET finds it (no error, same object).
        long first = user.given().get("/v1/buckets/" + user.bucket()).then().extract().jsonPath().getLong("data.last_modified");
        user.given().get("/v1/buckets/default").then().statusCode(200)
                .body("data.last_modified", equalTo(first));
    }

    @Test
    void postingARecordCreatesTheBucketAndTheCollection() {
        User user = User.fresh();
        String real = "/v1/buckets/" + user.bucket();

        String recordId = user.given().contentType(JSON).body("{\"data\": {\"title\": \"milk\"}}")
                .post("/v1/buckets/default/collections/tasks/records").then().statusCode(201)
                .body("data.title", equalTo("milk"))
                .body("data.id", matchesPattern(UUID4))
                .body("permissions", equalTo(writer(user.id())))
                .extract().path("data.id");

        user.given().get(real).then().statusCode(200)
                .body("data.id", equalTo(user.bucket()))
                .body("permissions", equalTo(writer(user.id())));
        user.given().get(real + "/collections/tasks").then().statusCode(200)
                .body("data.id", equalTo("tasks"))
                .body("permissions", equalTo(writer(user.id())));
        user.given().get(real + "/collections/tasks/records/" + recordId).then().statusCode(200)
                .body("data.title", equalTo("milk"));
        user.given().get("/v1/buckets/default/collections/tasks/records").then().statusCode(200)
                .body("data.id", contains(recordId));
    }

    @Test
    void listingRecordsCreatesTheCollection() {
        User user = User.fresh();
        user.given().get("/v1/buckets/default/collections/notes/records").then().statusCode(200)
                .body("data", hasSize(0));
        user.given().get("/v1/buckets/" + user.bucket() + "/collections/notes").then().statusCode(200)
                .body("data.id", equalTo("notes"))
                .body("permissions", equalTo(writer(user.id())));
    }

    @Test
    void theRealIdWorksToo() {
        User user = User.fresh();
        user.given().get("/v1/buckets/default").then().statusCode(200);
        String real = "/v1/buckets/" + user.bucket();

        user.given().contentType(JSON).body("{\"data\": {\"color\": \"red\"}}").put(real + "/collections/paints")
                .then().statusCode(201);
        user.given().get("/v1/buckets/default/collections/paints").then().statusCode(200)
                .body("data.color", equalTo("red"));
        user.given().get("/v1/buckets/default/collections").then().statusCode(200)
                .body("data.id", contains("paints"));
        user.given().contentType(JSON).body("{\"data\": {\"n\": 1}}")
                .put("/v1/buckets/default/collections/paints/records/r1").then().statusCode(201);
        user.given().get(real + "/collections/paints/records/r1").then().statusCode(200)
                .body("data.n", equalTo(1));
    }

    @Test
    void putCreatesTheBucketExplicitly() {
        User user = User.fresh();
        user.given().contentType(JSON).body("{\"data\": {\"title\": \"mine\"}}").put("/v1/buckets/default")
                .then().statusCode(201)
                .body("data.id", equalTo(user.bucket()))
                .body("data.title", equalTo("mine"))
                .body("permissions", equalTo(writer(user.id())));
        user.given().contentType(JSON).body("{\"data\": {\"title\": \"again\"}}").put("/v1/buckets/default")
                .then().statusCode(200)
                .body("data.title", equalTo("again"));

        // PUT of a collection in the (existing) bucket creates it with that request: 201, not 200.
        user.given().contentType(JSON).body("{\"data\": {\"kind\": \"list\"}}").put("/v1/buckets/default/collections/lists")
                .then().statusCode(201)
                .body("data.id", equalTo("lists"))
                .body("data.kind", equalTo("list"));
    }

    @Test
    void putOfACollectionInAMissingBucketCreatesBoth() {
        User user = User.fresh();
        user.given().contentType(JSON).body("{\"data\": {}}").put("/v1/buckets/default/collections/todo")
                .then().statusCode(201)
                .body("data.id", equalTo("todo"))
                .body("permissions", equalTo(writer(user.id())));
        user.given().get("/v1/buckets/" + user.bucket()).then().statusCode(200)
                .body("permissions", equalTo(writer(user.id())));
    }

    @Test
    void anInvalidCollectionIdIs400() {
        User user = User.fresh();
        Response response = user.given().get("/v1/buckets/default/collections/a.b/records");
        response.then().statusCode(400)
                .body("errno", equalTo(107))
                .body("error", equalTo("Invalid parameters"))
                .body("message", equalTo("path: Invalid collection id"))
                .body("details", hasSize(1))
                .body("details[0].location", equalTo("path"))
                .body("details[0].description", equalTo("Invalid collection id"));
        assertTrue(response.jsonPath().getMap("details[0]").containsKey("name"), "details[0].name is present (null)");
        assertNull(response.jsonPath().get("details[0].name"));
    }

    @Test
    void dataIdsMentioningDefaultAreRewritten() {
        User user = User.fresh();
        user.given().contentType(JSON).body("{\"data\": {\"id\": \"default\"}}").put("/v1/buckets/default")
                .then().statusCode(201)
                .body("data.id", equalTo(user.bucket()));
        user.given().contentType(JSON).body("{\"data\": {\"id\": \"default-col\"}}").post("/v1/buckets/default/collections")
                .then().statusCode(201)
                .body("data.id", equalTo(user.bucket() + "-col"));
        user.given().contentType(JSON).body("{\"data\": {\"id\": \"my-default\", \"x\": 1}}")
                .post("/v1/buckets/default/collections/notes/records")
                .then().statusCode(201)
                .body("data.id", equalTo("my-" + user.bucket()))
                .body("data.x", equalTo(1));
        user.given().get("/v1/buckets/" + user.bucket() + "/collections/notes/records/my-" + user.bucket())
                .then().statusCode(200);
    }

    @Test
    void nextPageUrlsShowTheRealBucketId() {
        User user = User.fresh();
        for (int i = 0; i < 3; i++) {
            user.given().contentType(JSON).body("{\"data\": {\"i\": " + i + "}}")
                    .post("/v1/buckets/default/collections/pages/records").then().statusCode(201);
        }
        Response first = user.given().get("/v1/buckets/default/collections/pages/records?_limit=1");
        first.then().statusCode(200).body("data", hasSize(1));
        String next = first.header("Next-Page");
        assertNotNull(next, "Next-Page");
        assertTrue(next.contains("/v1/buckets/" + user.bucket() + "/collections/pages/records?"), next);
        assertTrue(next.contains("_limit=1"), next);
        assertFalse(next.contains("/buckets/default"), next);

        String path = next.substring(next.indexOf("/v1/"));
        user.given().urlEncodingEnabled(false).get(path).then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].id", not(equalTo(first.jsonPath().getString("data[0].id"))));
    }

    @Test
    void anotherUserGrantedReadUsesTheRealId() {
        User owner = User.fresh();
        User reader = User.fresh();
        String real = "/v1/buckets/" + owner.bucket();
        String recordId = owner.given().contentType(JSON).body("{\"data\": {\"shared\": true}}")
                .post("/v1/buckets/default/collections/box/records").then().statusCode(201)
                .extract().path("data.id");

        reader.given().get(real).then().statusCode(403).body("errno", equalTo(121));

        owner.given().contentType(JSON).body("{\"permissions\": {\"read\": [\"" + reader.id() + "\"]}}")
                .patch("/v1/buckets/default").then().statusCode(200)
                .body("data.id", equalTo(owner.bucket()))
                .body("permissions.read", contains(reader.id()))
                .body("permissions.write", contains(owner.id()));

        reader.given().get(real).then().statusCode(200)
                .body("data.id", equalTo(owner.bucket()));
        reader.given().get(real + "/collections/box/records").then().statusCode(200)
                .body("data.id", contains(recordId));
        // Their own default bucket is another one.
        reader.given().get("/v1/buckets/default").then().statusCode(200)
                .body("data.id", equalTo(reader.bucket()));
        reader.given().get("/v1/buckets/default/collections/box/records").then().statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void twoUsersGetDifferentBuckets() {
        User one = User.fresh();
        User two = User.fresh();
        assertNotEquals(one.bucket(), two.bucket());
        one.given().contentType(JSON).body("{\"data\": {\"who\": \"one\"}}")
                .post("/v1/buckets/default/collections/c/records").then().statusCode(201);

        one.given().get("/v1/buckets/default").then().statusCode(200).body("data.id", equalTo(one.bucket()));
        two.given().get("/v1/buckets/default").then().statusCode(200).body("data.id", equalTo(two.bucket()));
        one.given().get("/v1/buckets/default/collections/c/records").then().statusCode(200)
                .body("data.who", contains("one"));
        two.given().get("/v1/buckets/default/collections/c/records").then().statusCode(200)
                .body("data", hasSize(0));
        two.given().get("/v1/buckets/" + one.bucket()).then().statusCode(403);
    }

    @Test
    void bucketIdsStartingWithDefaultAreNormal() {
        String id = "default-" + random(8);
        given().put("/v1/buckets/" + id).then().statusCode(201).body("data.id", equalTo(id));
        given().get("/v1/buckets/" + id).then().statusCode(200).body("data.id", equalTo(id));
    }
}
