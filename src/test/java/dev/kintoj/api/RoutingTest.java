package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.bucket;
import static dev.kintoj.api.Fixtures.collection;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.uid;
import static dev.kintoj.api.HttpAssertions.CSP;
import static dev.kintoj.api.HttpAssertions.METHOD_NOT_ALLOWED_BODY;
import static dev.kintoj.api.HttpAssertions.OBJECT_ALLOW;
import static dev.kintoj.api.HttpAssertions.PLURAL_ALLOW;
import static dev.kintoj.api.HttpAssertions.UNKNOWN_URL_BODY;
import static dev.kintoj.api.HttpAssertions.assertExpiresAfter;
import static dev.kintoj.api.HttpAssertions.timed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Version prefix and trailing-slash redirects, unknown URLs, 405 and the headers of every response (api.md §1, §2). */
@QuarkusTest
class RoutingTest {

    private static final String HOST = "kinto.test:8080";
    private static final String VERSION_NOT_AVAILABLE_BODY =
            "{\"code\":404,\"errno\":116,\"error\":\"Not Found\",\"message\":\"The requested API version is not available on this server.\"}";

    private static Response noFollow(String method, String path) {
        return given().redirects().follow(false).urlEncodingEnabled(false).header("Host", HOST).request(method, path);
    }

    // --- version prefix redirect (§1.1)

    @Test
    void pathWithoutVersionIsRedirectedWithAnAbsoluteLocation() {
        noFollow("GET", "/buckets").then().statusCode(307)
                .header("Location", "http://" + HOST + "/v1/buckets")
                .header("Content-Type", "text/plain; charset=UTF-8");
    }

    @Test
    void versionRedirectKeepsTheQueryString() {
        noFollow("GET", "/buckets/b1/collections?_limit=2&_sort=-last_modified&x=%22y%22").then().statusCode(307)
                .header("Location", "http://" + HOST + "/v1/buckets/b1/collections?_limit=2&_sort=-last_modified&x=%22y%22");
    }

    @Test
    void versionRedirectHasNoCacheHeadersByDefault() {
        noFollow("GET", "/buckets").then().statusCode(307)
                .header("Cache-Control", nullValue())
                .header("Expires", nullValue());
    }

    @Test
    void serverRootIsRedirectedToTheV1Root() {
        noFollow("GET", "/").then().statusCode(307).header("Location", "http://" + HOST + "/v1/");
    }

    @Test
    void versionRedirectAppliesToWriteMethodsToo() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            noFollow(method, "/buckets/b1").then().statusCode(307)
                    .header("Location", "http://" + HOST + "/v1/buckets/b1");
        }
    }

    @Test
    void optionsWithoutVersionIsAnEmpty200WithCorsHeaders() {
        given().redirects().follow(false).header("Origin", "http://foo.org").options("/buckets").then()
                .statusCode(200)
                .header("Location", nullValue())
                .header("Access-Control-Allow-Origin", "*")
                .body(emptyString());
    }

    @Test
    void otherVersionPrefixesAre404WithErrno116() {
        for (String path : List.of("/v2/buckets", "/v2", "/v0/buckets/b1", "/v10/")) {
            Response response = noFollow("GET", path);
            assertEquals(404, response.statusCode(), path);
            assertEquals("application/json", response.contentType(), path);
            assertBody(response, VERSION_NOT_AVAILABLE_BODY);
        }
    }

    // --- trailing slash redirect (§1.1)

    @Test
    void v1WithoutSlashIsRedirectedToTheRootWithCacheHeaders() {
        HttpAssertions.Timed redirect = timed(() -> noFollow("GET", "/v1"));
        redirect.response().then().statusCode(307)
                .header("Location", "http://" + HOST + "/v1/")
                .header("Cache-Control", "max-age=3600");
        assertExpiresAfter(redirect, 3600);
    }

    @Test
    void trailingSlashIsRedirectedWithCacheHeaders() {
        HttpAssertions.Timed redirect = timed(() -> noFollow("GET", "/v1/buckets/"));
        redirect.response().then().statusCode(307)
                .header("Location", "http://" + HOST + "/v1/buckets")
                .header("Cache-Control", "max-age=3600")
                .header("Content-Type", "text/plain; charset=UTF-8");
        assertExpiresAfter(redirect, 3600);
    }

    @Test
    void trailingSlashRedirectKeepsTheQueryString() {
        noFollow("GET", "/v1/buckets/b1/collections/?_limit=1&a=%22b%22").then().statusCode(307)
                .header("Location", "http://" + HOST + "/v1/buckets/b1/collections?_limit=1&a=%22b%22");
    }

    @Test
    void allTrailingSlashesAreRemoved() {
        noFollow("GET", "/v1/buckets/b1//").then().statusCode(307)
                .header("Location", "http://" + HOST + "/v1/buckets/b1");
    }

    // --- unknown URLs (§1.1)

    @Test
    void unknownUrlGetsTheNotFoundEnvelope() {
        for (String path : List.of("/v1/nothing", "/v1/buckets/b1/nothing/here", "/v1/__nothing__")) {
            Response response = noFollow("GET", path);
            assertEquals(404, response.statusCode(), path);
            assertEquals("application/json", response.contentType(), path);
            assertBody(response, UNKNOWN_URL_BODY);
        }
    }

    @Test
    void writesOnUnknownUrlsAre404Not405() {
        Response response = json("{}").post("/v1/nothing/here");
        assertEquals(404, response.statusCode());
        assertBody(response, UNKNOWN_URL_BODY);
    }

    // --- 405 (§2)

    @Test
    void patchOnAPluralEndpointIs405WithAllow() {
        Response response = json("{}").patch("/v1/buckets");
        response.then().statusCode(405).header("Allow", PLURAL_ALLOW).header("Content-Type", "application/json");
        assertBody(response, METHOD_NOT_ALLOWED_BODY);
    }

    @Test
    void postOnAnObjectEndpointIs405WithAllow() {
        Response response = json("{}").post("/v1/buckets/b1");
        response.then().statusCode(405).header("Allow", OBJECT_ALLOW);
        assertBody(response, METHOD_NOT_ALLOWED_BODY);
    }

    @Test
    void nestedEndpointsAdvertiseTheirMethodsOn405() {
        String collection = collection();
        String bucket = collection.substring(0, collection.indexOf("/collections/"));
        json("{}").put(bucket + "/collections").then().statusCode(405).header("Allow", PLURAL_ALLOW)
                .body("errno", equalTo(115));
        json("{}").put(bucket + "/groups").then().statusCode(405).header("Allow", PLURAL_ALLOW);
        json("{}").post(bucket + "/groups/" + uid("g")).then().statusCode(405).header("Allow", OBJECT_ALLOW);
        json("{}").patch(collection + "/records").then().statusCode(405).header("Allow", PLURAL_ALLOW);
        json("{}").post(collection + "/records/" + uid("r")).then().statusCode(405).header("Allow", OBJECT_ALLOW)
                .body("errno", equalTo(115));
    }

    @Test
    void writesOnUtilityEndpointsAre405() {
        for (String path : List.of("/v1/", "/v1/__heartbeat__", "/v1/__lbheartbeat__", "/v1/__version__", "/v1/contribute.json")) {
            Response response = json("{}").post(path);
            assertEquals(405, response.statusCode(), path);
            assertBody(response, METHOD_NOT_ALLOWED_BODY);
        }
        given().delete("/v1/").then().statusCode(405).body("errno", equalTo(115));
    }

    @Test
    void headIsAcceptedWhereGetIs() {
        String bucket = bucket();
        given().head(bucket).then().statusCode(200).body(emptyString())
                .header("ETag", given().get(bucket).header("ETag"));
        given().head("/v1/").then().statusCode(200).body(emptyString());
        given().head("/v1/__heartbeat__").then().statusCode(200).body(emptyString());
    }

    // --- headers on every response (§1.4)

    @Test
    void securityHeadersAreOnEveryKindOfResponse() {
        String id = uid("b");
        List<Response> responses = List.of(
                given().get("/v1/"),
                given().put("/v1/buckets/" + id),
                given().get("/v1/buckets/" + id),
                given().get("/v1/nothing"),
                json("{}").patch("/v1/buckets"),
                given().redirects().follow(false).get("/buckets"),
                given().redirects().follow(false).get("/v1/buckets/"),
                given().get("/v2/buckets"),
                given().options("/v1/buckets"),
                given().get("/v1/__heartbeat__"));
        List<Integer> statuses = responses.stream().map(Response::statusCode).toList();
        assertEquals(List.of(200, 201, 200, 404, 405, 307, 307, 404, 400, 200), statuses);
        for (Response response : responses) {
            assertEquals("nosniff", response.header("X-Content-Type-Options"), "status " + response.statusCode());
            // HTTP clients trim the trailing space of the value; the exact bytes are checked below
            assertEquals(CSP.trim(), response.header("Content-Security-Policy"), "status " + response.statusCode());
        }
    }

    @Test
    void contentSecurityPolicyKeepsItsTrailingSpaceOnTheWire() {
        List<String> head = HttpAssertions.rawResponseHead("GET", "/v1/__lbheartbeat__");
        assertTrue(head.get(0).startsWith("HTTP/1.1 200"), head.get(0));
        List<String> csp = head.stream().filter(line -> line.toLowerCase().startsWith("content-security-policy:")).toList();
        assertEquals(1, csp.size(), String.join("\n", head));
        assertEquals(CSP, csp.get(0).substring("content-security-policy:".length()).replaceFirst("^ ", ""));
    }

    @Test
    void apiResponsesAreJsonWithoutCharset() {
        String bucket = bucket();
        for (Response response : List.of(given().get("/v1/"), given().get(bucket), given().get("/v1/buckets"),
                given().get("/v1/nothing"), json("{}").patch("/v1/buckets"))) {
            assertEquals("application/json", response.header("Content-Type"), "status " + response.statusCode());
            assertEquals(String.valueOf(response.asByteArray().length), response.header("Content-Length"));
        }
    }
}
