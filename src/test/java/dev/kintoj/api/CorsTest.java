package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.bucket;
import static dev.kintoj.api.Fixtures.collection;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.record;
import static dev.kintoj.api.Fixtures.uid;
import static dev.kintoj.api.HttpAssertions.BASE_EXPOSED;
import static dev.kintoj.api.HttpAssertions.OBJECT_GET_EXPOSED;
import static dev.kintoj.api.HttpAssertions.PLURAL_GET_EXPOSED;
import static dev.kintoj.api.HttpAssertions.PLURAL_HEAD_EXPOSED;
import static dev.kintoj.api.HttpAssertions.exposed;
import static dev.kintoj.api.HttpAssertions.headerSet;
import static dev.kintoj.api.HttpAssertions.union;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS with the default {@code cors_origins = *}: allowed origins, exposed headers, preflights (api.md §14). */
@QuarkusTest
class CorsTest {

    // --- Access-Control-Allow-Origin

    @Test
    void anyOriginIsAllowedWithAStar() {
        given().header("Origin", "http://foo.org").get("/v1/buckets").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    void withoutOriginThereIsNoAllowOriginButHeadersAreStillExposed() {
        Response response = given().get("/v1/buckets");
        assertEquals(200, response.statusCode());
        assertNull(response.header("Access-Control-Allow-Origin"));
        assertEquals(PLURAL_GET_EXPOSED, exposed(response));
    }

    @Test
    void errorResponsesCarryTheCorsHeaders() {
        String collection = collection();
        given().header("Origin", "http://foo.org").get(collection + "/records/" + uid("r")).then().statusCode(404)
                .header("Access-Control-Allow-Origin", "*");
        json("{}").header("Origin", "http://foo.org").patch("/v1/buckets").then().statusCode(405)
                .header("Access-Control-Allow-Origin", "*");
    }

    // --- Access-Control-Expose-Headers per endpoint and method

    @Test
    void pluralGetAndHeadExposeTheirSets() {
        String collection = collection();
        assertEquals(PLURAL_GET_EXPOSED, exposed(given().get(collection + "/records")));
        assertEquals(PLURAL_HEAD_EXPOSED, exposed(given().head(collection + "/records")));
        assertEquals(PLURAL_GET_EXPOSED, exposed(given().get("/v1/buckets")));
        assertEquals(PLURAL_HEAD_EXPOSED, exposed(given().head("/v1/buckets")));
    }

    @Test
    void objectGetAndHeadExposeTheirSet() {
        String record = record("{\"a\": 1}");
        assertEquals(OBJECT_GET_EXPOSED, exposed(given().get(record)));
        assertEquals(OBJECT_GET_EXPOSED, exposed(given().head(record)));
    }

    @Test
    void writesExposeTheBaseSet() {
        String collection = collection();
        Response post = json("{\"data\": {\"a\": 1}}").post(collection + "/records");
        assertEquals(201, post.statusCode());
        assertEquals(BASE_EXPOSED, exposed(post));
        String record = collection + "/records/" + post.jsonPath().getString("data.id");
        Response put = json("{\"data\": {\"a\": 2}}").put(record);
        assertEquals(200, put.statusCode());
        assertEquals(BASE_EXPOSED, exposed(put));
        Response patch = json("{\"data\": {\"b\": 2}}").patch(record);
        assertEquals(200, patch.statusCode());
        assertEquals(BASE_EXPOSED, exposed(patch));
        Response delete = given().delete(record);
        assertEquals(200, delete.statusCode());
        assertEquals(BASE_EXPOSED, exposed(delete));
    }

    @Test
    void errorsOfAResourceEndpointKeepTheListOfThatEndpointAndMethod() {
        String collection = collection();
        Response missing = given().get(collection + "/records/" + uid("r"));
        assertEquals(404, missing.statusCode());
        assertEquals(OBJECT_GET_EXPOSED, exposed(missing));
        Response badLimit = given().get(collection + "/records?_limit=abc");
        assertEquals(400, badLimit.statusCode());
        assertEquals(PLURAL_GET_EXPOSED, exposed(badLimit));
    }

    @Test
    void utilityEndpointsExposeTheBaseSet() {
        for (String path : List.of("/v1/", "/v1/__heartbeat__", "/v1/__lbheartbeat__", "/v1/contribute.json")) {
            assertEquals(BASE_EXPOSED, exposed(given().get(path)), path);
        }
    }

    @Test
    void unknownUrlsExposeTheBaseSetWithoutSpaces() {
        given().get("/v1/nothing/here").then().statusCode(404)
                .header("Access-Control-Expose-Headers", "Backoff,Retry-After,Alert,Content-Length,Content-Type");
    }

    // --- preflight

    @Test
    void preflightOfAPluralEndpoint() {
        Response response = given().header("Origin", "http://foo")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/v1/buckets/b1/collections/c1/records");
        response.then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "HEAD,GET,POST,DELETE,OPTIONS")
                .header("Access-Control-Max-Age", "3600")
                .header("Access-Control-Expose-Headers", nullValue())
                .header("Content-Type", "application/json")
                .body(equalTo("null"));
        Set<String> allowed = headerSet(response.header("Access-Control-Allow-Headers"));
        assertTrue(allowed.containsAll(union(PLURAL_HEAD_EXPOSED, Set.of("authorization", "content-type"))),
                "Allow-Headers: " + allowed);
    }

    @Test
    void preflightOfAMethodTheEndpointDoesNotServeIsRefusedAsKintoDoes() {
        given().header("Origin", "http://foo").header("Access-Control-Request-Method", "PUT")
                .options("/v1/buckets/b1/collections/c1/records")
                .then().statusCode(400).body("errno", equalTo(107))
                .body("message", equalTo("Access-Control-Request-Method in header: Method not allowed"))
                .body("details[0].location", equalTo("header"))
                .body("details[0].name", equalTo("Access-Control-Request-Method"));
        given().header("Origin", "http://foo").header("Access-Control-Request-Method", "POST")
                .options("/v1/permissions").then().statusCode(400).body("errno", equalTo(107));
    }

    @Test
    void preflightOfAnObjectEndpoint() {
        Response response = given().header("Origin", "http://foo")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "If-Match, X-Custom-Thing")
                .options("/v1/buckets/b1/collections/c1/records/r1");
        response.then().statusCode(200)
                .header("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,DELETE,OPTIONS")
                .header("Access-Control-Max-Age", "3600")
                .body(equalTo("null"));
        Set<String> allowed = headerSet(response.header("Access-Control-Allow-Headers"));
        assertTrue(allowed.containsAll(union(OBJECT_GET_EXPOSED, Set.of("If-Match", "X-Custom-Thing"))),
                "Allow-Headers: " + allowed);
    }

    @Test
    void preflightNeedsNeitherAuthenticationNorAnExistingObject() {
        given().header("Origin", "http://foo").header("Access-Control-Request-Method", "DELETE")
                .header("Authorization", "Basic bm90OmdpdmVu")
                .options("/v1/buckets/" + uid("nope")).then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .body(equalTo("null"));
        given().header("Origin", "http://foo").header("Access-Control-Request-Method", "GET")
                .options(bucket() + "/groups").then().statusCode(200)
                .header("Access-Control-Allow-Methods", "HEAD,GET,POST,DELETE,OPTIONS");
    }

    @Test
    void preflightWithoutTheRequiredHeadersListsBothSorted() {
        Response response = given().options("/v1/buckets");
        response.then().statusCode(400).header("Content-Type", "application/json");
        assertBody(response, """
                {"code": 400, "errno": 107, "error": "Invalid parameters",
                 "message": "Access-Control-Request-Method in header: this header is mandatory",
                 "details": [
                   {"location": "header", "name": "Access-Control-Request-Method", "description": "this header is mandatory"},
                   {"location": "header", "name": "Origin", "description": "this header is mandatory"}]}""");
    }

    @Test
    void preflightWithoutOriginIsRejected() {
        Response response = given().header("Access-Control-Request-Method", "GET").options("/v1/buckets");
        assertEquals(400, response.statusCode());
        assertBody(response, """
                {"code": 400, "errno": 107, "error": "Invalid parameters",
                 "message": "Origin in header: this header is mandatory",
                 "details": [{"location": "header", "name": "Origin", "description": "this header is mandatory"}]}""");
    }

    @Test
    void preflightWithoutRequestMethodIsRejected() {
        Response response = given().header("Origin", "http://foo").options("/v1/buckets/b1");
        assertEquals(400, response.statusCode());
        assertBody(response, """
                {"code": 400, "errno": 107, "error": "Invalid parameters",
                 "message": "Access-Control-Request-Method in header: this header is mandatory",
                 "details": [{"location": "header", "name": "Access-Control-Request-Method",
                              "description": "this header is mandatory"}]}""");
    }
}
