package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.parse;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hello document, heartbeats, version and contribute.json with default settings (api.md §13). */
@QuarkusTest
class UtilityEndpointsTest {

    /** The change feed's transport follows the storage backend (the postgresql execution sets it by environment). */
    private static final String TRANSPORT = "postgresql".equals(System.getenv("KINTO_STORAGE_BACKEND")) ? "postgresql" : "memory";


    private static JsonNode hello() {
        Response response = given().get("/v1/");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.contentType());
        return parse(response.asString());
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void helloHasExactlyTheDocumentedFieldsForAnAnonymousRequest() {
        assertEquals(Set.of("project_name", "project_version", "http_api_version", "project_docs", "url", "config",
                "settings", "capabilities"), keys(hello()));
    }

    @Test
    void helloDescribesTheProject() {
        JsonNode hello = hello();
        assertEquals("kinto", hello.get("project_name").asText());
        assertEquals("1.23", hello.get("http_api_version").textValue());
        assertEquals("https://kinto.readthedocs.io/", hello.get("project_docs").textValue());
        assertTrue(hello.get("project_version").isTextual() && !hello.get("project_version").textValue().isBlank(),
                "project_version: " + hello.get("project_version"));
        assertTrue(hello.get("config").isNull(), "no ini file in the tests: config is null");
    }

    @Test
    void helloSettingsBlockIsExact() {
        assertEquals(parse("{\"batch_max_requests\": 25, \"readonly\": false, \"explicit_permissions\": true}"),
                hello().get("settings"));
    }

    @Test
    void helloCapabilitiesListBasicauthAndTheIncludedPlugins() {
        assertEquals(parse("""
                {"basicauth": {"description": "Very basic authentication sessions. Not for production use.",
                               "url": "http://kinto.readthedocs.io/en/stable/api/1.x/authentication.html"},
                 "default_bucket": {"description": "The default bucket is an alias for a personal bucket where collections are created implicitly.",
                                    "url": "https://kinto.readthedocs.io/en/latest/api/1.x/buckets.html#personal-bucket-default"},
                 "permissions_endpoint": {"description": "The permissions endpoint can be used to list all user objects permissions.",
                                          "url": "https://kinto.readthedocs.io/en/latest/configuration/settings.html#activating-the-permissions-endpoint"},
                 "accounts": {"description": "Manage user accounts.",
                              "url": "https://kinto.readthedocs.io/en/latest/api/1.x/accounts.html",
                              "validation_enabled": false},
                 "changes": {"description": "Live change feed: the changes of a collection or a bucket as Server-Sent Events, resumable with Last-Event-ID.",
                             "url": "/v1/buckets/{bucket_id}/collections/{collection_id}/changes",
                             "transport": "%s"}}""".formatted(TRANSPORT)),
                hello().get("capabilities"));
    }

    @Test
    void helloUrlUsesTheHostHeader() {
        given().header("Host", "kinto.example:1234").get("/v1/").then().statusCode(200)
                .body("url", equalTo("http://kinto.example:1234/v1/"));
        given().header("Host", "other.example").get("/v1/").then().statusCode(200)
                .body("url", equalTo("http://other.example/v1/"));
    }

    @Test
    void helloNeedsNoAuthenticationAndIgnoresAccept() {
        given().header("Authorization", "Bearer not-a-token").accept("text/html").get("/v1/").then().statusCode(200)
                .body("project_name", equalTo("kinto"))
                .body("user", nullValue());
    }

    @Test
    void helloIsNotCacheableOutsideReadonlyMode() {
        given().get("/v1/").then().statusCode(200)
                .header("Cache-Control", nullValue())
                .header("Expires", nullValue())
                .body("eos", nullValue());
    }

    @Test
    void heartbeatReportsEveryBackendHealthy() {
        Response response = given().get("/v1/__heartbeat__");
        response.then().statusCode(200).header("Content-Type", "application/json");
        assertBody(response, "{\"storage\": true, \"permission\": true, \"cache\": true}");
    }

    @Test
    void heartbeatsIgnoreAccept() {
        given().accept("text/html").get("/v1/__heartbeat__").then().statusCode(200);
        given().accept("text/html").get("/v1/__lbheartbeat__").then().statusCode(200);
    }

    @Test
    void lbheartbeatIsAnEmptyObject() {
        given().get("/v1/__lbheartbeat__").then().statusCode(200)
                .header("Content-Type", "application/json")
                .body(equalTo("{}"));
        given().head("/v1/__lbheartbeat__").then().statusCode(200).body(emptyString());
    }

    @Test
    void versionWithoutAFileIsTheInternalErrorEnvelope() {
        Response response = given().get("/v1/__version__");
        response.then().statusCode(500).header("Content-Type", "application/json");
        assertBody(response, """
                {"code": 500, "errno": 999, "error": "Internal Server Error",
                 "message": "A programmatic error occurred, developers have been informed.",
                 "info": "https://github.com/Kinto/kinto/issues/"}""");
    }

    @Test
    void contributeJsonHasTheDocumentedShape() {
        Response response = given().get("/v1/contribute.json");
        response.then().statusCode(200).header("Content-Type", "application/json");
        JsonNode body = parse(response.asString());
        assertTrue(keys(body).containsAll(List.of("name", "description", "repository", "participate", "bugs", "keywords")),
                "keys: " + keys(body));
        assertTrue(body.get("name").isTextual() && body.get("description").isTextual(), body.toString());
        assertTrue(body.get("repository").isObject() && body.get("participate").isObject() && body.get("bugs").isObject(),
                body.toString());
        assertTrue(body.get("keywords").isArray() && body.get("keywords").size() > 0, body.toString());
        body.get("keywords").forEach(keyword -> assertTrue(keyword.isTextual(), keyword.toString()));
    }
}
