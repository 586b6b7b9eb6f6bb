package dev.kintoj.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import dev.kintoj.TcpForwarder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.kintoj.KintoHttp.basic;
import static dev.kintoj.KintoHttp.describe;
import static dev.kintoj.KintoHttp.json;
import static dev.kintoj.KintoHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service loses its PostgreSQL server (every backend reaches it through a TCP forwarder that the test
 * cuts): requests are answered 503 with Kinto's envelope (errno 201) and Retry-After, never 500; the heartbeat
 * reports the failed backends while the load-balancer heartbeat stays up; once the server is back, the service
 * recovers by itself with its data unchanged.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresOutageIT {

    private static final String DATABASE = "kintoj_it_outage";
    private static final String ALICE = basic("alice", "secret");
    private static final long RECOVERY_SECONDS = 20;

    private TcpForwarder forwarder;
    private PackagedApp app;

    @BeforeEach
    void start() throws Exception {
        PostgresAdmin.recreate(DATABASE);
        forwarder = new TcpForwarder(PostgresAdmin.HOST, PostgresAdmin.PORT);
        String url = PostgresAdmin.url("127.0.0.1", forwarder.port(), DATABASE);
        Map<String, String> env = new HashMap<>();
        for (String backend : List.of("STORAGE", "PERMISSION", "CACHE")) {
            env.put("KINTO_" + backend + "_BACKEND", "postgresql");
            env.put("KINTO_" + backend + "_URL", url);
            env.put("KINTO_" + backend + "_POOL_TIMEOUT", "3");
            env.put("KINTO_" + backend + "_STATEMENT_TIMEOUT_SECONDS", "2");
        }
        env.put("KINTO_STORAGE_POOL_SIZE", "5");
        env.put("KINTO_HEARTBEAT_TIMEOUT_SECONDS", "3");
        env.put("MULTIAUTH_POLICIES", "basicauth");
        app = PackagedApp.launch("outage", env);
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (forwarder != null) {
            forwarder.close();
        }
    }

    @Test
    void backendOutageAnswers503AndTheServiceRecoversByItself() throws Exception {
        String bucket = app.base() + "/buckets/outage";
        String records = bucket + "/collections/c/records";
        String record = records + "/kept";
        assertStatus(201, send("PUT", bucket, null, "Authorization", ALICE));
        assertStatus(201, send("PUT", bucket + "/collections/c", null, "Authorization", ALICE));
        HttpResponse<String> created = send("PUT", record, "{\"data\": {\"title\": \"kept\"}}", "Authorization", ALICE);
        assertStatus(201, created);
        JsonNode before = json(created).get("data");
        assertStatus(200, send("GET", app.base() + "/__heartbeat__", null));

        forwarder.cut();

        assertBackendUnavailable(() -> send("GET", record, null, "Authorization", ALICE));
        assertBackendUnavailable(() -> send("POST", records, "{\"data\": {\"title\": \"during\"}}", "Authorization", ALICE));
        assertBackendUnavailable(() -> send("PUT", record, "{\"data\": {\"title\": \"changed\"}}", "Authorization", ALICE));
        assertBackendUnavailable(() -> send("GET", records, null, "Authorization", ALICE));
        HttpResponse<String> heartbeat = send("GET", app.base() + "/__heartbeat__", null);
        assertStatus(503, heartbeat);
        assertEquals(false, json(heartbeat).get("storage").asBoolean(true), describe(heartbeat));
        assertEquals(false, json(heartbeat).get("permission").asBoolean(true), describe(heartbeat));
        assertEquals(false, json(heartbeat).get("cache").asBoolean(true), describe(heartbeat));
        assertStatus(200, send("GET", app.base() + "/__lbheartbeat__", null));
        assertTrue(app.isAlive(), app.logTail(40));

        forwarder.restore();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RECOVERY_SECONDS);
        HttpResponse<String> read;
        while (true) {
            read = send("GET", record, null, "Authorization", ALICE);
            if (read.statusCode() == 200 || System.nanoTime() > deadline) {
                break;
            }
            assertNotAServerBug(read);
            Thread.sleep(200);
        }
        assertEquals(200, read.statusCode(), "no recovery within " + RECOVERY_SECONDS + " s of PostgreSQL's return: "
                + describe(read) + "\n" + app.logTail(40));
        assertEquals(before, json(read).get("data"), "the record is unchanged");
        assertEquals("\"" + before.get("last_modified").asLong() + "\"", read.headers().firstValue("ETag").orElse(null));

        HttpResponse<String> after = send("POST", records, "{\"data\": {\"title\": \"after\"}}", "Authorization", ALICE);
        assertStatus(201, after);
        assertTrue(json(after).get("data").get("last_modified").asLong() > before.get("last_modified").asLong(), describe(after));
        HttpResponse<String> list = send("GET", records + "?_sort=title", null, "Authorization", ALICE);
        assertStatus(200, list);
        assertEquals(2, json(list).get("data").size(), "nothing written during the outage: " + describe(list));
        assertStatus(200, send("GET", app.base() + "/__heartbeat__", null));
    }

    @Test
    void partitionAnswers503WithinSecondsAndTheServiceRecovers() throws Exception {
        String bucket = app.base() + "/buckets/partition";
        String records = bucket + "/collections/c/records";
        String record = records + "/kept";
        assertStatus(201, send("PUT", bucket, null, "Authorization", ALICE));
        assertStatus(201, send("PUT", bucket + "/collections/c", null, "Authorization", ALICE));
        HttpResponse<String> created = send("PUT", record, "{\"data\": {\"title\": \"kept\"}}", "Authorization", ALICE);
        assertStatus(201, created);
        JsonNode before = json(created).get("data");

        forwarder.freeze();

        // Statement timeout 2 s, silent connections closed after 4 s, pool timeout 3 s: well under 10 s each.
        for (Supplier<HttpResponse<String>> request : List.<Supplier<HttpResponse<String>>>of(
                () -> send("GET", record, null, "Authorization", ALICE),
                () -> send("POST", records, "{\"data\": {\"title\": \"during\"}}", "Authorization", ALICE),
                () -> send("PUT", record, "{\"data\": {\"title\": \"changed\"}}", "Authorization", ALICE))) {
            long start = System.nanoTime();
            assertBackendUnavailable(request);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 10, "answered after " + seconds + " s");
        }
        assertStatus(200, send("GET", app.base() + "/__lbheartbeat__", null));

        forwarder.thaw();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RECOVERY_SECONDS);
        HttpResponse<String> read;
        while (true) {
            read = send("GET", record, null, "Authorization", ALICE);
            if (read.statusCode() == 200 || System.nanoTime() > deadline) {
                break;
            }
            assertNotAServerBug(read);
            Thread.sleep(200);
        }
        assertEquals(200, read.statusCode(), "no recovery within " + RECOVERY_SECONDS + " s: " + describe(read)
                + "\n" + app.logTail(40));
        assertEquals(before, json(read).get("data"), "the record is unchanged");
        HttpResponse<String> list = send("GET", records, null, "Authorization", ALICE);
        assertStatus(200, list);
        assertEquals(1, json(list).get("data").size(), "nothing written during the partition: " + describe(list));
        assertStatus(201, send("POST", records, "{\"data\": {\"title\": \"after\"}}", "Authorization", ALICE));
    }

    private void assertBackendUnavailable(Supplier<HttpResponse<String>> request) {
        HttpResponse<String> response = request.get();
        assertNotAServerBug(response);
        assertEquals(503, response.statusCode(), describe(response) + "\n" + app.logTail(40));
        JsonNode error = json(response);
        assertEquals(503, error.path("code").asInt(), describe(response));
        assertEquals(201, error.path("errno").asInt(), describe(response));
        assertEquals("Service Unavailable", error.path("error").asText(), describe(response));
        assertTrue(error.path("message").isTextual(), describe(response));
        assertTrue(response.headers().firstValue("Retry-After").isPresent(), "Retry-After: " + describe(response));
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""),
                describe(response));
    }

    private void assertNotAServerBug(HttpResponse<String> response) {
        assertTrue(response.statusCode() != 500, describe(response) + "\n" + app.logTail(60));
    }

    private void assertStatus(int expected, HttpResponse<String> response) {
        assertEquals(expected, response.statusCode(), describe(response) + "\n" + app.logTail(40));
    }
}
