package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.parse;
import static dev.kintoj.api.HttpAssertions.METHOD_NOT_ALLOWED_BODY;
import static dev.kintoj.api.HttpAssertions.UNKNOWN_URL_BODY;
import static dev.kintoj.api.HttpAssertions.assertExpiresAfter;
import static dev.kintoj.api.HttpAssertions.timed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code readonly = true} (api.md §9, §15; errors.md §5): only GET, HEAD and OPTIONS are accepted anywhere; plugin
 * endpoints included (the flush is a write, the counters a read).
 */
@QuarkusTest
@TestProfile(ReadonlyModeTest.Readonly.class)
class ReadonlyModeTest {

    public static class Readonly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // root_cache_expires_seconds keeps its default (86400)
            return Map.of("kinto.readonly", "true", "kinto.includes", "kinto.plugins.flush kinto.plugins.counters");
        }
    }

    private static void assertWriteRefused(String method, String path) {
        Response response = json("{\"data\": {}}").redirects().follow(false).request(method, path);
        assertEquals(405, response.statusCode(), method + " " + path);
        assertEquals("application/json", response.contentType(), method + " " + path);
        assertBody(response, METHOD_NOT_ALLOWED_BODY);
    }

    @Test
    void writesOnResourceEndpointsAre405() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertWriteRefused(method, "/v1/buckets/b1");
            assertWriteRefused(method, "/v1/buckets");
            assertWriteRefused(method, "/v1/buckets/b1/collections/c1/records/r1");
        }
    }

    @Test
    void writesAreRefusedBeforeRouting() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertWriteRefused(method, "/v1/nothing/here");
            assertWriteRefused(method, "/buckets/b1");
            assertWriteRefused(method, "/v2/buckets");
            assertWriteRefused(method, "/v1/__heartbeat__");
        }
    }

    @Test
    void batchIsDisabled() {
        assertWriteRefused("POST", "/v1/batch");
    }

    @Test
    void helloReportsReadonly() {
        given().get("/v1/").then().statusCode(200).body("settings.readonly", equalTo(true));
        assertEquals(parse("{\"batch_max_requests\": 25, \"readonly\": true, \"explicit_permissions\": true}"),
                parse(given().get("/v1/").asString()).get("settings"));
    }

    @Test
    void helloIsCacheableForADay() {
        HttpAssertions.Timed hello = timed(() -> given().get("/v1/"));
        hello.response().then().statusCode(200).header("Cache-Control", "max-age=86400");
        assertExpiresAfter(hello, 86400);
    }

    @Test
    void readsOfUtilityEndpointsWork() {
        Response heartbeat = given().get("/v1/__heartbeat__");
        assertEquals(200, heartbeat.statusCode());
        assertBody(heartbeat, "{\"storage\": true, \"permission\": true, \"cache\": true}");
        given().get("/v1/__lbheartbeat__").then().statusCode(200).body(equalTo("{}"));
        given().head("/v1/").then().statusCode(200).body(emptyString());
        given().get("/v1/contribute.json").then().statusCode(200);
    }

    @Test
    void readsAreStillRouted() {
        Response unknown = given().get("/v1/nothing/here");
        assertEquals(404, unknown.statusCode());
        assertBody(unknown, UNKNOWN_URL_BODY);
        given().redirects().follow(false).get("/buckets").then().statusCode(307);
        given().get("/v2/buckets").then().statusCode(404).body("errno", equalTo(116));
    }

    @Test
    void preflightsOfReadsAreAccepted() {
        given().header("Origin", "http://foo").header("Access-Control-Request-Method", "GET")
                .options("/v1/buckets/b1").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "GET,HEAD,OPTIONS")
                .body(equalTo("null"));
    }

    /** Kinto registers no write view when read-only: the preflight of a write is one of a method not served. */
    @Test
    void preflightsOfWritesAreRefused() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            for (String path : List.of("/v1/buckets/b1", "/v1/buckets", "/v1/buckets/b1/collections/c1/records/r1",
                    "/v1/batch", "/v1/__flush__")) {
                Response response = given().header("Origin", "http://foo").header("Access-Control-Request-Method", method)
                        .options(path);
                assertEquals(400, response.statusCode(), method + " " + path);
                assertBody(response, "{\"code\": 400, \"errno\": 107, \"error\": \"Invalid parameters\","
                        + " \"message\": \"Access-Control-Request-Method in header: Method not allowed\","
                        + " \"details\": [{\"location\": \"header\", \"name\": \"Access-Control-Request-Method\","
                        + " \"description\": \"Method not allowed\"}]}");
            }
        }
    }

    @Test
    void theFlushIsAWriteAndRefused() {
        Response response = given().post("/v1/__flush__");
        assertEquals(405, response.statusCode());
        assertBody(response, METHOD_NOT_ALLOWED_BODY);
    }

    @Test
    void theCountersAreARead() {
        given().get("/v1/__counters__").then().statusCode(200);
    }
}
