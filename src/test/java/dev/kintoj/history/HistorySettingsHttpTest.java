package dev.kintoj.history;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The history settings (plugins.md §3.3): excluded resources and users, trimming, and the capability. */
@QuarkusTest
@TestProfile(HistorySettingsHttpTest.Configured.class)
class HistorySettingsHttpTest {

    private static final String IGNORED = "Basic " + Base64.getEncoder().encodeToString("robot:pw".getBytes());
    private static final String TRIMMED = "Basic " + Base64.getEncoder().encodeToString("trimmed:pw".getBytes());

    public static class Configured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kinto.userid_hmac_secret", SECRET,
                    "kinto.includes", "kinto.plugins.default_bucket kinto.plugins.accounts kinto.plugins.history",
                    "kinto.history.exclude_resources", "/buckets/preview /buckets/hs/collections/quiet /buckets/hs/collections/c/records/secret",
                    "kinto.history.exclude_user_ids", "basicauth:" + userIdOf("robot"),
                    "kinto.history.auto_trim_max_count", "3",
                    "kinto.history.auto_trim_threshold", "2");
        }
    }

    private static final String SECRET = "history-settings-secret";

    /** The basicauth user id of a user with password {@code pw}, computed as the server does. */
    private static String userIdOf(String user) {
        return dev.kintoj.core.Hmac.hex(SECRET, user + ":pw");
    }

    private static JsonPath history(String bucket, String query) {
        return given().get("/v1/buckets/" + bucket + "/history" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void excludedResourcesAreNotTracked() {
        given().put("/v1/buckets/preview").then().statusCode(201);
        given().put("/v1/buckets/preview/collections/c").then().statusCode(201);
        assertEquals(List.of(), history("preview", "").getList("data"));
        given().put("/v1/buckets/hs").then().statusCode(201);
        given().put("/v1/buckets/hs/collections/quiet").then().statusCode(201);
        given().put("/v1/buckets/hs/collections/quiet/records/r").then().statusCode(201);
        given().put("/v1/buckets/hs/collections/c").then().statusCode(201);
        given().put("/v1/buckets/hs/collections/c/records/secret").then().statusCode(201);
        given().put("/v1/buckets/hs/collections/c/records/public").then().statusCode(201);
        assertEquals(List.of("/buckets/hs/collections/c/records/public", "/buckets/hs/collections/c", "/buckets/hs"),
                history("hs", "").getList("data.uri"));
    }

    @Test
    void oldestEntriesAreTrimmedPastTheThreshold() {
        given().put("/v1/buckets/trim").then().statusCode(201);
        given().put("/v1/buckets/trim/collections/c").then().statusCode(201);
        for (int i = 1; i <= 5; i++) {
            given().put("/v1/buckets/trim/collections/c/records/r" + i).then().statusCode(201);
        }
        // 5 record entries: not above 3 + 2 yet.
        assertEquals(5, history("trim", "?resource_name=record").getList("data").size());
        given().put("/v1/buckets/trim/collections/c/records/r6").then().statusCode(201);
        // 6 > 5: trimmed to the 3 newest; other resources are counted apart.
        assertEquals(List.of("r6", "r5", "r4"), history("trim", "?resource_name=record").getList("data.record_id"));
        assertEquals(1, history("trim", "?resource_name=collection").getList("data").size());
    }

    @Test
    void theCapabilityShowsTheSettings() {
        JsonPath capability = given().get("/v1/").then().statusCode(200).extract().jsonPath();
        assertEquals(3, capability.getInt("capabilities.history.auto_trim_max_count"));
        assertEquals(List.of(Map.of("bucket", "preview"), Map.of("bucket", "hs", "collection", "quiet"),
                        Map.of("bucket", "hs", "collection", "c", "record", "secret")),
                capability.getList("capabilities.history.excluded_resources"));
    }

    @Test
    void excludedUsersAreNotTracked() {
        String robot = given().header("Authorization", IGNORED).get("/v1/").jsonPath().getString("user.id");
        assertEquals("basicauth:" + userIdOf("robot"), robot);
        given().put("/v1/buckets/users").then().statusCode(201);
        given().header("Authorization", IGNORED).put("/v1/buckets/users/collections/by-robot").then().statusCode(201);
        given().header("Authorization", TRIMMED).put("/v1/buckets/users/collections/by-someone").then().statusCode(201);
        assertEquals(List.of("/buckets/users/collections/by-someone", "/buckets/users"), history("users", "").getList("data.uri"));
    }
}
