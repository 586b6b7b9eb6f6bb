package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

/** Behaviour switched on by Kinto settings: end of service alert, backoff, CORS origins, caching, methods. */
@QuarkusTest
@TestProfile(ConfiguredBehaviourTest.Settings.class)
class ConfiguredBehaviourTest {

    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path version = Files.createTempFile("version", ".json");
                Files.writeString(version, "{\"version\": \"1.2.3\", \"commit\": \"abc\"}");
                return Map.of(
                        "kinto.eos", "2999-01-01",
                        "kinto.eos_message", "bye",
                        "kinto.backoff", "10",
                        "kinto.cors_origins", "http://good.org *.example.com",
                        "kinto.record_cache_expires_seconds", "60",
                        "kinto.bucket_cache_expires_seconds", "0",
                        "kinto.plural_bucket_post_enabled", "false",
                        "kinto.version_json_path", version.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void endOfServiceInTheFutureAddsASoftAlert() {
        given().get("/v1/").then().statusCode(200)
                .header("Alert", "{\"code\":\"soft-eol\",\"message\":\"bye\",\"url\":\"https://kinto.readthedocs.io/\"}")
                .body("eos", equalTo("2999-01-01"));
    }

    @Test
    void backoffIsSentOnEveryResponse() {
        given().get("/v1/buckets").then().header("Backoff", "10");
        given().get("/v1/nope").then().statusCode(404).header("Backoff", "10");
    }

    @Test
    void onlyConfiguredOriginsAreAllowed() {
        given().header("Origin", "http://good.org").get("/v1/buckets").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://good.org");
        given().header("Origin", "http://api.example.com").get("/v1/buckets").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://api.example.com");
        given().header("Origin", "http://evil.org").get("/v1/buckets").then().statusCode(400)
                .body("message", equalTo("Origin in header: http://evil.org not allowed"))
                .body("details[0].name", equalTo("Origin"))
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void anonymousReadsAreCacheableAsConfigured() {
        given().put("/v1/buckets/cache1");
        given().put("/v1/buckets/cache1/collections/c");
        given().get("/v1/buckets/cache1/collections/c/records").then().statusCode(200)
                .header("Cache-Control", "max-age=60")
                .header("Expires", matchesPattern("^\\w{3}, \\d{2} \\w{3} \\d{4} .* GMT$"));
        given().get("/v1/buckets/cache1").then().statusCode(200)
                .header("Cache-Control", "no-cache, no-store");
        given().get("/v1/buckets/cache1/collections/c").then().statusCode(200)
                .header("Cache-Control", "no-cache, no-store");
    }

    @Test
    void disabledMethodsAre405() {
        given().contentType("application/json").body("{\"data\": {\"id\": \"x\"}}").post("/v1/buckets").then()
                .statusCode(405).body("errno", equalTo(115));
        given().put("/v1/buckets/allowed1").then().statusCode(201);
    }

    @Test
    void versionFileIsServed() {
        given().get("/v1/__version__").then().statusCode(200).body("version", equalTo("1.2.3"));
        given().get("/v1/").then().body("settings.readonly", equalTo(false)).header("Cache-Control", nullValue());
        given().get("/v1/buckets").then().header("Access-Control-Expose-Headers", containsString("Alert"));
    }
}
