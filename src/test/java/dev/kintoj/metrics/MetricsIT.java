package dev.kintoj.metrics;

import dev.kintoj.PackagedApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics plugins in the packaged application (the native binary with -Dnative): a scrape of
 * {@code /v1/__metrics__} with Kinto's series and the JVM/process series, and the same request as a StatsD line.
 */
class MetricsIT {

    @Test
    void metricsPluginsWorkInThePackagedApplication() throws Exception {
        StatsdAgent statsd = StatsdAgent.start();
        try (PackagedApp app = PackagedApp.launch("metrics", Map.of(
                "KINTO_INCLUDES", "kinto.plugins.prometheus kinto.plugins.statsd",
                "KINTO_STATSD_URL", "udp://127.0.0.1:" + statsd.port(),
                "KINTO_BUCKET_CREATE_PRINCIPALS", "system.Everyone"))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(app.base() + "/buckets/m1"))
                    .PUT(HttpRequest.BodyPublishers.noBody()).header("Authorization", basic()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());

            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(app.base() + "/__metrics__")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode(), app.logTail(40));
            String body = scrape.body();
            assertTrue(body.contains("kinto_request_summary_total{bucket_id=\"m1\",collection_id=\"\",endpoint=\"bucket-object\","
                    + "group_id=\"\",method=\"PUT\",status=\"201\",} 1.0"), body);
            assertTrue(body.contains("kinto_request_duration_seconds_bucket{bucket_id=\"m1\""), body);
            assertTrue(body.contains("kinto_authentication_total{type=\"basicauth\",} 1.0"), body);
            assertTrue(body.contains("\njvm_memory_used_bytes{"), body);
            assertTrue(body.contains("\nprocess_uptime_seconds "), body);
            statsd.await("kinto.request_summary.bucket_id.m1.collection_id..endpoint.bucket-object.group_id..method.PUT.status.201:1|c");
        }
    }

    private static String basic() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
    }
}
