package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.HttpAssertions.METHOD_NOT_ALLOWED_BODY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code GET /v1/__counters__} with {@code kinto.plugins.counters} included (plugins.md §5). Counts are over the
 * whole server, so each test flushes it first (the profile includes the flush plugin too).
 */
@QuarkusTest
@TestProfile(FlushPluginTest.UtilityPluginsAndSchemas.class)
class CountersPluginTest {

    private static Response counters() {
        Response response = given().get("/v1/__counters__");
        response.then().statusCode(200).header("Content-Type", "application/json");
        return response;
    }

    @Test
    void anEmptyServerHasNoCounts() {
        FlushPluginTest.flush();
        assertBody(counters(), "{\"objects\": {}, \"tombstones\": {}}");
    }

    @Test
    void objectsAndTombstonesAreCountedPerResourceOverEveryParent() {
        FlushPluginTest.flush();
        for (String bucket : new String[] {"/v1/buckets/b1", "/v1/buckets/b2"}) {
            given().put(bucket).then().statusCode(201);
            given().put(bucket + "/collections/c1").then().statusCode(201);
            json("{\"data\": {}}").put(bucket + "/collections/c1/records/r1").then().statusCode(201);
            json("{\"data\": {}}").put(bucket + "/collections/c1/records/r2").then().statusCode(201);
        }
        given().put("/v1/buckets/b1/groups/g1").then().statusCode(201);
        given().delete("/v1/buckets/b2/collections/c1/records/r2").then().statusCode(200);
        given().put("/v1/buckets/b1/collections/gone").then().statusCode(201);
        given().delete("/v1/buckets/b1/collections/gone").then().statusCode(200);

        assertBody(counters(), """
                {"objects": {"bucket": 2, "collection": 2, "group": 1, "record": 3},
                 "tombstones": {"collection": 1, "record": 1}}""");
        given().head("/v1/__counters__").then().statusCode(200);
    }

    @Test
    void aDeletedBucketTakesItsContentWithoutTombstones() {
        FlushPluginTest.flush();
        given().put("/v1/buckets/b1").then().statusCode(201);
        given().put("/v1/buckets/b1/collections/c1").then().statusCode(201);
        json("{\"data\": {}}").put("/v1/buckets/b1/collections/c1/records/r1").then().statusCode(201);
        given().delete("/v1/buckets/b1").then().statusCode(200);

        assertBody(counters(), "{\"objects\": {}, \"tombstones\": {\"bucket\": 1}}");
    }

    @Test
    void onlyReadsAreAllowed() {
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            Response response = given().request(method, "/v1/__counters__");
            response.then().statusCode(405).header("Allow", "GET, HEAD, OPTIONS");
            assertBody(response, METHOD_NOT_ALLOWED_BODY);
        }
    }

    @Test
    void rootAdvertisesTheCapability() {
        given().get("/v1/").then().statusCode(200)
                .body("capabilities.counters_endpoint.description",
                        equalTo("The __counters__ endpoint exposes how many objects are stored."))
                .body("capabilities.counters_endpoint.url",
                        equalTo("https://kinto.readthedocs.io/en/latest/api/1.x/counters.html"))
                .body("capabilities.counters_endpoint.size()", equalTo(2));
    }
}
