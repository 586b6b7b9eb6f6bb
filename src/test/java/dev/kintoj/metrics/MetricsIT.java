package dev.kintoj.metrics;

import dev.kintoj.PackagedApp;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics plugins in the packaged application (the native binary with -Dnative): a Prometheus scrape of
 * {@code /v1/__metrics__} with Kinto's and the JVM/process series, and StatsD lines on a real UDP socket.
 */
class MetricsIT {

    @Test
    void prometheusAndStatsdWorkInThePackagedApplication() throws Exception {
        try (DatagramSocket statsd = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            statsd.setSoTimeout(500);
            try (PackagedApp app = PackagedApp.launch("metrics", Map.of(
                    "KINTO_INCLUDES", "kinto.plugins.prometheus kinto.plugins.statsd",
                    "KINTO_STATSD_URL", "udp://127.0.0.1:" + statsd.getLocalPort(),
                    "KINTO_STATSD_PREFIX", "kj",
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
                assertTrue(body.contains("\njvm_memory_used_bytes{"), body);
                assertTrue(body.contains("\nprocess_uptime_seconds "), body);

                List<String> lines = receive(statsd);
                assertTrue(lines.contains("kj.request_summary.bucket_id.m1.collection_id..endpoint.bucket-object"
                        + ".group_id..method.PUT.status.201:1|c"), lines + "\n" + app.logTail(40));
            }
        }
    }

    private static String basic() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> receive(DatagramSocket socket) throws Exception {
        List<String> lines = new ArrayList<>();
        byte[] buffer = new byte[65536];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException quiet) {
                return lines;
            }
            new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
    }
}
