package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.HttpAssertions.CSP;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An end-of-service date in the past (ISO datetime, eos_url set, no eos_message): 410 everywhere (api.md §15). */
@QuarkusTest
@TestProfile(ServiceGoneTest.Gone.class)
class ServiceGoneTest {

    private static final String HARD_EOL_ALERT =
            "{\"code\":\"hard-eol\",\"message\":null,\"url\":\"https://eol.example.org/moved\"}";
    private static final String GONE_BODY = """
            {"code": 410, "errno": 202, "error": "Gone",
             "message": "The service you are trying to connect no longer exists at this location."}""";

    public static class Gone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.eos", "2001-02-03T04:05:06", "kinto.eos_url", "https://eol.example.org/moved");
        }
    }

    private static Response send(String method, String path) {
        return given().redirects().follow(false).contentType("application/json").body("{}").request(method, path);
    }

    private static void assertGone(Response response, String what) {
        assertEquals(410, response.statusCode(), what);
        assertEquals("application/json", response.contentType(), what);
        assertEquals(HARD_EOL_ALERT, response.header("Alert"), what);
        assertBody(response, GONE_BODY);
    }

    @Test
    void theRootIsGoneWithAHardEolAlert() {
        assertGone(given().get("/v1/"), "GET /v1/");
    }

    @Test
    void everyMethodOnResourceEndpointsIsGone() {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            assertGone(send(method, "/v1/buckets"), method + " /v1/buckets");
            assertGone(send(method, "/v1/buckets/b1/collections/c1/records/r1"), method + " record");
        }
        Response head = given().head("/v1/buckets/b1");
        assertEquals(410, head.statusCode());
        assertEquals(HARD_EOL_ALERT, head.header("Alert"));
    }

    @Test
    void goneWinsOverRoutingAndPreflights() {
        for (String path : List.of("/buckets", "/", "/v2/buckets", "/v1", "/v1/buckets/", "/v1/nothing/here",
                "/v1/__heartbeat__", "/v1/__lbheartbeat__", "/v1/__version__")) {
            assertGone(send("GET", path), "GET " + path);
        }
        assertGone(given().header("Origin", "http://foo").header("Access-Control-Request-Method", "GET")
                .options("/v1/buckets"), "preflight");
        assertGone(send("OPTIONS", "/buckets"), "OPTIONS without version");
    }

    @Test
    void goneResponsesKeepTheCommonHeaders() {
        Response response = given().get("/v1/buckets");
        assertEquals(410, response.statusCode());
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        assertEquals(CSP.trim(), response.header("Content-Security-Policy"));
    }
}
