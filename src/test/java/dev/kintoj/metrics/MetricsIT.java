package dev.kintoj.metrics;

import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void postgresqlPoolsAreMeasuredOncePerPoolWithoutDuplicateGauges() throws Exception {
        String database = System.getProperty("test.db", "kintoj") + "_metrics_it";
        PostgresAdmin.recreate(database);
        Map<String, String> env = PostgresAdmin.everyBackendIn(database);
        env.put("KINTO_INCLUDES", "kinto.plugins.prometheus");
        env.put("KINTO_BUCKET_CREATE_PRINCIPALS", "system.Everyone");
        try (PackagedApp app = PackagedApp.launch("metrics-postgresql", env)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Concurrent writes: the pool opens several connections, and the SQL client reports on each of them.
            List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                writes.add(http.sendAsync(HttpRequest.newBuilder(URI.create(app.base() + "/buckets/p" + i))
                        .PUT(HttpRequest.BodyPublishers.noBody()).header("Authorization", basic()).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> write : writes) {
                assertEquals(201, write.get().statusCode(), app.logTail(40));
            }
            String body = http.send(HttpRequest.newBuilder(URI.create(app.base() + "/__metrics__")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(body.contains("\nsql_pool_queue_size{pool_name=\"postgresql://postgres:***@"), body);
            assertFalse(body.contains("clientType=\"sql\""), body);
            assertFalse(app.log().contains("has been already registered"), app.logTail(40));
        }
    }

    private static String basic() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
    }
}
