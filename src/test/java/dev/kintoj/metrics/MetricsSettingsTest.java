package dev.kintoj.metrics;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prometheus plugin's settings (settings.md): {@code prometheus_prefix}, {@code prometheus_disabled_metrics},
 * {@code prometheus_histogram_buckets}, {@code prometheus_created_metrics_enabled} and {@code metrics_matchdict_fields}.
 */
@QuarkusTest
@TestProfile(MetricsSettingsTest.Settings.class)
class MetricsSettingsTest {

    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.includes", "kinto.plugins.prometheus",
                    "kinto.prometheus_prefix", "my-app.",
                    "kinto.prometheus_disabled_metrics", "request_size users backend_cache",
                    "kinto.prometheus_histogram_buckets", "0.2 2.5 Inf",
                    "kinto.metrics_matchdict_fields", "bucket_id record_id",
                    "kinto.prometheus_created_metrics_enabled", "false");
        }
    }

    @Test
    void seriesFollowTheSettings() {
        given().put("/v1/buckets/sb1").then().statusCode(201);
        given().put("/v1/buckets/sb1/collections/c1").then().statusCode(201);
        given().contentType("application/json").body("{\"data\": {}}")
                .put("/v1/buckets/sb1/collections/c1/records/r1").then().statusCode(201);
        String scrape = MetricsPluginTest.scrape();

        assertTrue(MetricsPluginTest.samples(scrape, "my_app_request_summary_total").contains(
                "my_app_request_summary_total{bucket_id=\"sb1\",endpoint=\"record-object\",method=\"PUT\","
                        + "record_id=\"r1\",status=\"201\",} 1.0"), scrape);
        List<String> buckets = MetricsPluginTest.samples(scrape, "my_app_request_duration_seconds_bucket").stream()
                .filter(l -> l.contains("record_id=\"r1\"")).map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).toList();
        assertEquals(List.of("0.2", "2.5", "+Inf"), buckets, scrape);
        assertFalse(scrape.contains("my_app_request_size"), scrape);
        assertFalse(scrape.contains("my_app_users"), scrape);
        // A disabled backend series is left out, the others stay.
        assertFalse(scrape.contains("my_app_backend_cache"), scrape);
        assertFalse(MetricsPluginTest.samples(scrape, "my_app_backend_storage_seconds_count").isEmpty(), scrape);
        assertFalse(scrape.contains("\nkinto_"), scrape);
        assertFalse(scrape.lines().anyMatch(l -> l.startsWith("my_app_") && l.contains("_created")), scrape);
        given().get("/v1/").then().statusCode(200)
                .body("capabilities.prometheus.prefix", equalTo("my_app_"))
                .body("capabilities.prometheus.disabled_metrics", contains("request_size", "users", "backend_cache"));
    }
}
