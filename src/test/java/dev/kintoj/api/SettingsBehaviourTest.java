package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.bucket;
import static dev.kintoj.api.Fixtures.collection;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.record;
import static dev.kintoj.api.Fixtures.uid;
import static dev.kintoj.api.HttpAssertions.METHOD_NOT_ALLOWED_BODY;
import static dev.kintoj.api.HttpAssertions.assertExpiresAfter;
import static dev.kintoj.api.HttpAssertions.timed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Behaviour switched on by settings (api.md §2, §9, §13.4, §15, batch.md §1.1): end of service in the future,
 * backoff, record caching, a disabled method, a version file and no batch limit. {@link CorsOriginsTest} shares this
 * profile: each test profile costs the test run an application build and start.
 */
@QuarkusTest
@TestProfile(SettingsBehaviourTest.Configured.class)
class SettingsBehaviourTest {

    static final String SOFT_EOL_ALERT =
            "{\"code\":\"soft-eol\",\"message\":\"See you later\",\"url\":\"https://kinto.readthedocs.io/\"}";
    static final String VERSION_JSON = """
            {"name": "kinto-java", "version": "9.8.7", "source": "https://example.org/src", "commit": "0123abcd",
             "build": {"date": "2030-01-01", "number": 42}}""";

    public static class Configured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("kinto-version");
                Path version = dir.resolve("version.json");
                Files.writeString(version, VERSION_JSON);
                version.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return Map.of(
                        "kinto.eos", "2999-01-01",
                        "kinto.eos_message", "See you later",
                        "kinto.backoff", "10",
                        "kinto.cors_origins", "http://good.org *.example.com",
                        "kinto.record_cache_expires_seconds", "60",
                        "kinto.plural_bucket_post_enabled", "false",
                        "kinto.version_json_path", version.toString(),
                        "kinto.batch_max_requests", "null");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Responses of several kinds: success, creation, redirect, 404, 405, 400. */
    private static List<Response> variousResponses() {
        return List.of(
                given().get("/v1/"),
                given().put("/v1/buckets/" + uid("b")),
                given().get("/v1/buckets"),
                given().redirects().follow(false).get("/buckets"),
                given().get("/v1/nothing"),
                json("{}").patch("/v1/buckets"),
                given().header("Origin", "http://evil.org").get("/v1/buckets"),
                given().header("Origin", "http://good.org").header("Access-Control-Request-Method", "GET")
                        .options("/v1/buckets"));
    }

    // --- backoff (§15)

    @Test
    void backoffIsSentOnEveryResponse() {
        List<Response> responses = variousResponses();
        assertEquals(List.of(200, 201, 200, 307, 404, 405, 400, 200), responses.stream().map(Response::statusCode).toList());
        for (Response response : responses) {
            assertEquals("10", response.header("Backoff"), "status " + response.statusCode());
        }
    }

    // --- end of service in the future (§15)

    @Test
    void futureEndOfServiceAddsASoftAlertToEveryResponse() {
        for (Response response : variousResponses()) {
            assertEquals(SOFT_EOL_ALERT, response.header("Alert"), "status " + response.statusCode());
        }
    }

    @Test
    void helloShowsTheEndOfServiceDate() {
        given().get("/v1/").then().statusCode(200)
                .body("eos", equalTo("2999-01-01"))
                .body("project_name", equalTo("kinto"))
                .body("settings.readonly", equalTo(false));
    }

    @Test
    void futureEndOfServiceDoesNotBlockTheService() {
        String bucket = "/v1/buckets/" + uid("b");
        given().put(bucket).then().statusCode(201);
        given().get(bucket).then().statusCode(200).header("Alert", SOFT_EOL_ALERT);
        given().delete(bucket).then().statusCode(200);
    }

    // --- plural_bucket_post_enabled = false (§2)

    @Test
    void disabledBucketCreationByPostIs405() {
        Response response = json("{\"data\": {\"id\": \"" + uid("b") + "\"}}").post("/v1/buckets");
        response.then().statusCode(405).header("Allow", "HEAD, GET, DELETE, OPTIONS");
        assertBody(response, METHOD_NOT_ALLOWED_BODY);
    }

    @Test
    void otherMethodsStayEnabledWhenOneIsDisabled() {
        given().get("/v1/buckets").then().statusCode(200);
        String bucket = bucket();
        json("{\"data\": {\"id\": \"c1\"}}").post(bucket + "/collections").then().statusCode(201);
        json("{\"data\": {\"members\": []}}").post(bucket + "/groups").then().statusCode(201);
    }

    // --- record_cache_expires_seconds = 60 (§9)

    @Test
    void anonymousRecordListIsCacheableForSixtySeconds() {
        String collection = collection();
        HttpAssertions.Timed list = timed(() -> given().get(collection + "/records"));
        list.response().then().statusCode(200)
                .header("Cache-Control", "max-age=60")
                .header("Pragma", nullValue());
        assertExpiresAfter(list, 60);
    }

    @Test
    void anonymousRecordIsCacheableForSixtySeconds() {
        String record = record("{\"title\": \"cached\"}");
        HttpAssertions.Timed read = timed(() -> given().get(record));
        read.response().then().statusCode(200).header("Cache-Control", "max-age=60");
        assertExpiresAfter(read, 60);
    }

    @Test
    void authenticatedRecordReadsAreNotCached() {
        String collection = collection();
        given().auth().preemptive().basic("mat", "secret").get(collection + "/records").then().statusCode(200)
                .header("Cache-Control", "no-cache, no-store");
    }

    @Test
    void otherResourcesAreNotCachedWithoutTheirSetting() {
        String collection = collection();
        String bucket = collection.substring(0, collection.indexOf("/collections/"));
        given().get(bucket).then().statusCode(200).header("Cache-Control", "no-cache, no-store");
        given().get(collection).then().statusCode(200).header("Cache-Control", "no-cache, no-store");
        given().get(bucket + "/collections").then().statusCode(200).header("Cache-Control", "no-cache, no-store");
    }

    @Test
    void collectionCacheExpiresWinsOnlyWhenLarger() {
        String bucket = bucket();
        String longer = bucket + "/collections/" + uid("c");
        json("{\"data\": {\"cache_expires\": 120}}").put(longer).then().statusCode(201);
        given().get(longer + "/records").then().statusCode(200).header("Cache-Control", "max-age=120");
        String shorter = bucket + "/collections/" + uid("c");
        json("{\"data\": {\"cache_expires\": 30}}").put(shorter).then().statusCode(201);
        given().get(shorter + "/records").then().statusCode(200).header("Cache-Control", "max-age=60");
    }

    @Test
    void collectionCacheExpiresZeroDoesNotBeatTheSetting() {
        String collection = bucket() + "/collections/" + uid("c");
        json("{\"data\": {\"cache_expires\": 0}}").put(collection).then().statusCode(201);
        given().get(collection + "/records").then().statusCode(200)
                .header("Cache-Control", "max-age=60").header("Pragma", nullValue());
        String record = collection + "/records/" + uid("r");
        json("{\"data\": {}}").put(record).then().statusCode(201);
        given().get(record).then().statusCode(200).header("Cache-Control", "max-age=60");
    }

    @Test
    void largerCollectionCacheExpiresAppliesToItsRecords() {
        String collection = bucket() + "/collections/" + uid("c");
        json("{\"data\": {\"cache_expires\": 3600}}").put(collection).then().statusCode(201);
        String record = collection + "/records/" + uid("r");
        json("{\"data\": {}}").put(record).then().statusCode(201);
        HttpAssertions.Timed read = timed(() -> given().get(record));
        read.response().then().statusCode(200).header("Cache-Control", "max-age=3600");
        assertExpiresAfter(read, 3600);
    }

    // --- version_json_path (§13.4)

    @Test
    void versionEndpointServesTheConfiguredFile() {
        Response response = given().get("/v1/__version__");
        response.then().statusCode(200).header("Content-Type", "application/json");
        assertBody(response, VERSION_JSON);
    }

    @Test
    void withoutBatchLimitManyRequestsAreServed() {
        String collection = "/buckets/" + uid("u") + "/collections/c";
        StringBuilder body = new StringBuilder("{\"defaults\": {\"method\": \"POST\", \"path\": \"" + collection + "/records\"},"
                + " \"requests\": [{\"method\": \"PUT\", \"path\": \"" + collection.substring(0, collection.indexOf("/collections")) + "\"},"
                + " {\"method\": \"PUT\", \"path\": \"" + collection + "\"}");
        for (int i = 0; i < 200; i++) {
            body.append(", {\"body\": {\"data\": {\"i\": ").append(i).append("}}}");
        }
        given().contentType("application/json").body(body.append("]}").toString()).post("/v1/batch")
                .then().statusCode(200)
                .body("responses", hasSize(202))
                .body("responses.status", everyItem(equalTo(201)));
        given().head("/v1" + collection + "/records").then().statusCode(200).header("Total-Objects", "200");
    }

    @Test
    void rootEndpointReportsNoBatchLimit() {
        given().get("/v1/").then().statusCode(200).body("settings.batch_max_requests", nullValue())
                .body("settings", hasKey("batch_max_requests"));
    }
}
