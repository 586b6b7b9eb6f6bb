package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.HttpAssertions.UNKNOWN_URL_BODY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

/** Without their plugins, {@code /__flush__}, {@code /__counters__} and {@code /__metrics__} are unknown URLs (api.md §2, plugins.md). */
@QuarkusTest
class PluginEndpointsDisabledTest {

    @Test
    void flushAndCountersAre404() {
        for (String method : new String[] {"POST", "GET", "OPTIONS"}) {
            for (String path : new String[] {"/v1/__flush__", "/v1/__counters__", "/v1/__metrics__"}) {
                Response response = given().header("Origin", "http://foo").header("Access-Control-Request-Method", "GET")
                        .request(method, path);
                response.then().statusCode(404);
                assertBody(response, UNKNOWN_URL_BODY);
            }
        }
    }

    @Test
    void rootAdvertisesNeitherCapability() {
        given().get("/v1/").then().statusCode(200)
                .body("capabilities.flush_endpoint", nullValue())
                .body("capabilities.counters_endpoint", nullValue())
                .body("capabilities.prometheus", nullValue());
    }
}
