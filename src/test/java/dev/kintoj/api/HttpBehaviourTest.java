package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Routing, redirects, method and media type negotiation, common headers, CORS and utility endpoints. */
@QuarkusTest
class HttpBehaviourTest {

    @Test
    void pathsWithoutVersionAreRedirectedKeepingTheQuery() {
        given().redirects().follow(false).urlEncodingEnabled(false).get("/buckets/b1?_limit=2&x=%22y%22").then().statusCode(307)
                .header("Location", matchesPattern("^http://[^/]+/v1/buckets/b1\\?_limit=2&x=%22y%22$"))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("Cache-Control", nullValue());
        given().redirects().follow(false).options("/buckets").then().statusCode(200);
    }

    @Test
    void otherVersionsAreUnavailable() {
        given().get("/v2/buckets").then().statusCode(404).body("errno", equalTo(116))
                .body("message", equalTo("The requested API version is not available on this server."));
    }

    @Test
    void trailingSlashesAreRedirectedWithCacheHeaders() {
        given().redirects().follow(false).get("/v1/buckets/?a=1").then().statusCode(307)
                .header("Location", matchesPattern("^http://[^/]+/v1/buckets\\?a=1$"))
                .header("Cache-Control", "max-age=3600")
                .header("Expires", matchesPattern("^\\w{3}, \\d{2} \\w{3} \\d{4} .* GMT$"));
        given().redirects().follow(false).get("/v1").then().statusCode(307)
                .header("Location", matchesPattern("^http://[^/]+/v1/$"));
    }

    @Test
    void unknownUrlsGetTheKintoEnvelope() {
        given().get("/v1/nothing/here").then().statusCode(404)
                .header("Content-Type", "application/json")
                .body("code", equalTo(404)).body("errno", equalTo(111)).body("error", equalTo("Not Found"))
                .body("message", equalTo("The resource you are looking for could not be found."));
    }

    @Test
    void methodsNotOnTheEndpointAre405WithAllow() {
        given().contentType("application/json").body("{}").patch("/v1/buckets").then().statusCode(405)
                .header("Allow", "HEAD, GET, POST, DELETE, OPTIONS")
                .body("errno", equalTo(115)).body("message", equalTo("Method not allowed on this endpoint."));
        given().contentType("application/json").body("{}").post("/v1/buckets/b1").then().statusCode(405)
                .header("Allow", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
        given().delete("/v1/").then().statusCode(405);
    }

    @Test
    void contentNegotiationErrors() {
        given().accept("text/html").get("/v1/buckets").then().statusCode(406)
                .body("errno", equalTo(107))
                .body("message", equalTo("Accept header should be one of ['application/json']"))
                .body("details[0].location", equalTo("header")).body("details[0].name", equalTo("Accept"));
        given().accept("text/html, application/*;q=0.5").get("/v1/buckets").then().statusCode(200);
        given().accept("text/html").get("/v1/").then().statusCode(200);
        given().contentType("text/plain").body("{}").put("/v1/buckets/neg1").then().statusCode(415)
                .body("message", equalTo("Content-Type header should be one of ['application/json']"));
        given().contentType("text/plain").body("{}").patch("/v1/buckets/neg1").then().statusCode(415)
                .body("message", containsString("application/json-patch+json"));
        given().contentType("application/json; charset=utf-8").body("{}").put("/v1/buckets/neg1").then().statusCode(201);
    }

    @Test
    void everyResponseCarriesTheSecurityAndExposeHeaders() {
        given().get("/v1/buckets").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                // the value ends with "; " but HTTP clients trim trailing white space
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none';");
        assertEquals(Set.of("Backoff", "Retry-After", "Alert", "Content-Length", "Content-Type", "Next-Page",
                        "Last-Modified", "ETag", "Cache-Control", "Expires", "Pragma", "Total-Objects", "Total-Records"),
                exposed(given().head("/v1/buckets").then().extract().header("Access-Control-Expose-Headers")));
        given().put("/v1/buckets/exp1");
        assertEquals(Set.of("Backoff", "Retry-After", "Alert", "Content-Length", "Content-Type", "Last-Modified",
                        "ETag", "Cache-Control", "Expires", "Pragma"),
                exposed(given().get("/v1/buckets/exp1").then().extract().header("Access-Control-Expose-Headers")));
        assertEquals(Set.of("Backoff", "Retry-After", "Alert", "Content-Length", "Content-Type"),
                exposed(given().get("/v1/nope").then().extract().header("Access-Control-Expose-Headers")));
    }

    private static Set<String> exposed(String header) {
        return Arrays.stream(header.split(",")).map(String::trim).collect(Collectors.toSet());
    }

    @Test
    void corsAllowsAnyOriginByDefault() {
        given().header("Origin", "http://foo.org").get("/v1/buckets").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*");
    }

    @Test
    void preflightDescribesTheEndpoint() {
        given().header("Origin", "http://foo").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/v1/buckets/b1/collections/c1/records").then().statusCode(200)
                .header("Access-Control-Allow-Methods", "HEAD,GET,POST,DELETE,OPTIONS")
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Max-Age", "3600")
                .header("Access-Control-Allow-Headers", containsString("authorization"))
                .header("Access-Control-Allow-Headers", containsString("Total-Objects"))
                .body(equalTo("null"));
    }

    @Test
    void preflightWithoutItsHeadersIsRejected() {
        given().options("/v1/buckets").then().statusCode(400)
                .body("message", equalTo("Access-Control-Request-Method in header: this header is mandatory"))
                .body("details.name", org.hamcrest.Matchers.contains("Access-Control-Request-Method", "Origin"));
    }

    @Test
    void helloDocumentDescribesTheServer() {
        given().header("Host", "kinto.example:1234").get("/v1/").then().statusCode(200)
                .body("project_name", equalTo("kinto"))
                .body("http_api_version", equalTo("1.23"))
                .body("project_docs", equalTo("https://kinto.readthedocs.io/"))
                .body("url", equalTo("http://kinto.example:1234/v1/"))
                .body("settings.readonly", equalTo(false))
                .body("settings.explicit_permissions", equalTo(true))
                .body("user", nullValue())
                .body("capabilities.basicauth.url", equalTo("http://kinto.readthedocs.io/en/stable/api/1.x/authentication.html"));
    }

    @Test
    void heartbeatsAndVersion() {
        given().get("/v1/__heartbeat__").then().statusCode(200)
                .body("storage", equalTo(true)).body("permission", equalTo(true)).body("cache", equalTo(true));
        given().get("/v1/__lbheartbeat__").then().statusCode(200).body(equalTo("{}"));
        given().get("/v1/__version__").then().statusCode(500)
                .body("errno", equalTo(999)).body("info", equalTo("https://github.com/Kinto/kinto/issues/"));
        given().get("/v1/contribute.json").then().statusCode(200).body("keywords.size()", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void tooLargeBodiesGetTheEnvelope() {
        byte[] big = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        given().contentType("application/json").body(big).put("/v1/buckets/big1").then().statusCode(413)
                .body("errno", equalTo(113));
        given().contentType("application/json").body("{}").put("/v1/buckets/big1").then().statusCode(201)
                .body("data", org.hamcrest.Matchers.aMapWithSize(2));
    }
}
