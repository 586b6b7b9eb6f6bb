package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kintoj.api.Fixtures.assertBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code cors_origins = http://good.org *.example.com} (api.md §14); shares the profile of SettingsBehaviourTest. */
@QuarkusTest
@TestProfile(SettingsBehaviourTest.Configured.class)
class CorsOriginsTest {

    @Test
    void listedOriginIsEchoed() {
        given().header("Origin", "http://good.org").get("/v1/buckets").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://good.org");
    }

    @Test
    void globPatternMatchesSubdomains() {
        for (String origin : List.of("http://api.example.com", "https://a.b.example.com")) {
            given().header("Origin", origin).get("/v1/").then().statusCode(200)
                    .header("Access-Control-Allow-Origin", origin);
        }
    }

    @Test
    void disallowedOriginIsRejectedWithTheValidationBody() {
        Response response = given().header("Origin", "http://evil.org").get("/v1/buckets");
        assertEquals(400, response.statusCode());
        assertNull(response.header("Access-Control-Allow-Origin"));
        assertBody(response, """
                {"code": 400, "errno": 107, "error": "Invalid parameters",
                 "message": "Origin in header: http://evil.org not allowed",
                 "details": [{"location": "header", "name": "Origin", "description": "http://evil.org not allowed"}]}""");
    }

    @Test
    void patternsMustMatchTheWholeOrigin() {
        for (String origin : List.of("http://good.org.evil.net", "http://example.com", "https://good.org")) {
            given().header("Origin", origin).get("/v1/buckets").then().statusCode(400)
                    .body("message", equalTo("Origin in header: " + origin + " not allowed"));
        }
    }

    @Test
    void unknownUrlsWithADisallowedOriginAreSimply404() {
        given().header("Origin", "http://evil.org").get("/v1/nothing/here").then().statusCode(404)
                .body("errno", equalTo(111))
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void preflightEchoesAnAllowedOrigin() {
        // GET: this profile disables POST on /buckets, and a preflight for a method not served is a 400 (Kinto).
        given().header("Origin", "http://www.example.com").header("Access-Control-Request-Method", "GET")
                .options("/v1/buckets").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://www.example.com")
                .body(equalTo("null"));
    }

    @Test
    void requestsWithoutOriginAreUnaffected() {
        given().get("/v1/buckets").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
