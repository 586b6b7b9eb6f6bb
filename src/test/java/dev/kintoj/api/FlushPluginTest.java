package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.parse;
import static dev.kintoj.api.Fixtures.uid;
import static dev.kintoj.api.HttpAssertions.METHOD_NOT_ALLOWED_BODY;
import static dev.kintoj.api.HttpAssertions.exposed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code POST /v1/__flush__} with {@code kinto.plugins.flush} included (plugins.md §4). */
@QuarkusTest
@TestProfile(FlushPluginTest.UtilityPluginsAndSchemas.class)
class FlushPluginTest {

    /**
     * Both utility plugins (counters tests flush first, so that their counts are exact) and collection schemas
     * ({@link SchemaValidationTest}, {@link RejectedWritesTest}): each profile is one more application to build and
     * start per test run (README, Tests), so the four suites share one.
     */
    public static class UtilityPluginsAndSchemas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.includes", "kinto.plugins.flush kinto.plugins.counters",
                    "kinto.experimental_collection_schema_validation", "true");
        }
    }

    static void flush() {
        Response response = given().post("/v1/__flush__");
        response.then().statusCode(202).header("Content-Type", "application/json");
        assertBody(response, "{}");
    }

    @Test
    void flushAnswers202WithAnEmptyObjectWithoutAuthentication() {
        flush();
        // Flushing an empty server is fine too.
        flush();
    }

    @Test
    void flushRemovesObjectsOfEveryKind() {
        flush();  // buckets of other tests would be listed too: everyone may write what anonymous users create
        String bucket = "/v1/buckets/" + uid("b");
        given().auth().preemptive().basic("mat", "secret").put(bucket).then().statusCode(201);
        given().auth().preemptive().basic("mat", "secret").put(bucket + "/groups/g1").then().statusCode(201);
        String collection = bucket + "/collections/c1";
        given().auth().preemptive().basic("mat", "secret").put(collection).then().statusCode(201);
        given().auth().preemptive().basic("mat", "secret").put(collection + "/records/r1").then().statusCode(201);
        given().auth().preemptive().basic("mat", "secret").get("/v1/buckets").then().statusCode(200)
                .body("data.size()", equalTo(1));

        flush();

        given().auth().preemptive().basic("mat", "secret").get(collection + "/records/r1").then().statusCode(403);
        given().auth().preemptive().basic("mat", "secret").get("/v1/buckets").then().statusCode(200)
                .body("data.size()", equalTo(0));
    }

    @Test
    void flushRemovesPermissions() {
        String bucket = "/v1/buckets/" + uid("b");
        given().auth().preemptive().basic("mat", "secret").put(bucket).then().statusCode(201);

        flush();

        Response recreated = given().auth().preemptive().basic("bob", "secret").put(bucket);
        recreated.then().statusCode(201);
        // mat's write permission went with the flush: bob is the only writer of the new bucket.
        assertEquals(1, parse(recreated.asString()).get("permissions").get("write").size(), recreated.asString());
    }

    @Test
    void flushEmptiesTheCache() {
        String collection = "/v1/buckets/" + uid("b") + "/collections/c1";
        given().put(collection.substring(0, collection.indexOf("/collections/"))).then().statusCode(201);
        given().put(collection).then().statusCode(201);
        json("{\"data\": {}}").put(collection + "/records/r1").then().statusCode(201);
        json("{\"data\": {}}").put(collection + "/records/r2").then().statusCode(201);
        // The token of a paginated DELETE lives in the cache until used.
        String next = given().delete(collection + "/records?_limit=1").then().statusCode(200).extract().header("Next-Page");

        flush();

        given().put(collection.substring(0, collection.indexOf("/collections/"))).then().statusCode(201);
        given().put(collection).then().statusCode(201);
        given().urlEncodingEnabled(false).delete(next).then().statusCode(400).body("errno", equalTo(107))
                .body("message", equalTo("querystring: _token was already used or has expired."));
    }

    @Test
    void aBodyIsIgnored() {
        given().contentType("text/plain").body("not json").post("/v1/__flush__").then().statusCode(202);
        json("{\"data\": ").post("/v1/__flush__").then().statusCode(202);
    }

    @Test
    void onlyPostIsAllowed() {
        for (String method : new String[] {"GET", "PUT", "PATCH", "DELETE"}) {
            Response response = given().request(method, "/v1/__flush__");
            response.then().statusCode(405).header("Allow", "POST, OPTIONS");
            assertBody(response, METHOD_NOT_ALLOWED_BODY);
        }
    }

    @Test
    void preflightAndExposedHeadersAreThoseOfAUtilityEndpoint() {
        given().header("Origin", "http://foo").header("Access-Control-Request-Method", "POST")
                .options("/v1/__flush__").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "POST,OPTIONS");
        Response response = given().header("Origin", "http://foo").post("/v1/__flush__");
        response.then().statusCode(202).header("Access-Control-Allow-Origin", "*");
        assertEquals(HttpAssertions.BASE_EXPOSED, exposed(response));
    }

    @Test
    void rootAdvertisesTheCapability() {
        given().get("/v1/").then().statusCode(200)
                .body("capabilities.flush_endpoint.description",
                        equalTo("The __flush__ endpoint can be used to remove all data from all backends."))
                .body("capabilities.flush_endpoint.url", equalTo("https://kinto.readthedocs.io/en/latest/api/1.x/flush.html"))
                .body("capabilities.flush_endpoint.size()", equalTo(2));
    }
}
