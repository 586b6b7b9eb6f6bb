package dev.kintoj.metrics;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kinto.plugins.prometheus} with Kinto's default settings (plugins.md §7.1): the series at
 * {@code /v1/__metrics__}, their labels, the bounded number of series, authentications, JVM and process metrics.
 * {@code kinto.plugins.statsd} is included too (§7.2): the same measurements arrive as StatsD lines on a real UDP
 * socket, and both plugins together go through one composite registry.
 */
@QuarkusTest
@TestProfile(MetricsPluginTest.Plugins.class)
class MetricsPluginTest {

    /** The StatsD agent: every line received since the service started, collected from a real UDP socket. */
    static final StatsdAgent STATSD = StatsdAgent.start();

    public static class Plugins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.includes", "kinto.plugins.prometheus kinto.plugins.statsd kinto.plugins.history",
                    "kinto.statsd_url", "udp://127.0.0.1:" + STATSD.port(),
                    // A listener of event_listeners, to be timed by its name; bucket events only, to keep Redis small.
                    "kinto.event_listeners", "audit",
                    "kinto.event_listeners.audit.use", "kinto_redis.listeners",
                    "kinto.event_listeners.audit.url", "redis://127.0.0.1:6379/0",
                    "kinto.event_listeners.audit.listname", "kintoj-metrics-test",
                    "kinto.event_listeners.audit.resources", "bucket");
        }
    }

    private static io.restassured.specification.RequestSpecification json(String body) {
        return given().contentType("application/json").body(body);
    }

    static String scrape() {
        return given().get("/v1/__metrics__").then().statusCode(200)
                .header("Content-Type", startsWith("text/plain; version=0.0.4")).extract().asString();
    }

    /**
     * A scrape that shows {@code expected}, waiting for it up to 5 s: a request is recorded when its response has been
     * sent, so the scrape that follows it, possibly on another event loop, can come first on a loaded machine.
     */
    static String scrapeShowing(String expected) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String scrape = scrape();
        while (!scrape.contains(expected) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            scrape = scrape();
        }
        return scrape;
    }

    /** The sample lines (not the HELP/TYPE comments) of a series name. */
    static List<String> samples(String scrape, String name) {
        List<String> lines = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * The series labelled from requests (endpoint, uri, bucket or collection): the JVM's own series may legitimately
     * grow under load (a new GC cause, a new pool state), these must not grow with the ids requested.
     */
    static long seriesCount(String scrape) {
        return scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .filter(l -> l.contains("endpoint=") || l.contains("uri=") || l.contains("bucket_id=")
                        || l.contains("collection_id="))
                .count();
    }

    @Test
    void requestSeriesHaveKintoNamesAndLabels() {
        given().put("/v1/buckets/mb1").then().statusCode(201);
        given().put("/v1/buckets/mb1/collections/c1").then().statusCode(201);
        json("{\"data\": {\"n\": 1}}").put("/v1/buckets/mb1/collections/c1/records/r1").then().statusCode(201);
        given().get("/v1/buckets/mb1/collections/c1/records").then().statusCode(200);
        String scrape = scrapeShowing("endpoint=\"record-plural\"");

        assertTrue(samples(scrape, "kinto_request_summary_total").contains(
                "kinto_request_summary_total{bucket_id=\"mb1\",collection_id=\"c1\",endpoint=\"record-object\","
                        + "group_id=\"\",method=\"PUT\",status=\"201\",} 1.0"), scrape);
        assertTrue(samples(scrape, "kinto_request_summary_total").contains(
                "kinto_request_summary_total{bucket_id=\"mb1\",collection_id=\"\",endpoint=\"bucket-object\","
                        + "group_id=\"\",method=\"PUT\",status=\"201\",} 1.0"), scrape);
        String recordList = "bucket_id=\"mb1\",collection_id=\"c1\",endpoint=\"record-plural\",group_id=\"\",method=\"GET\"";
        // A histogram with Kinto's default buckets (0.01 ... 6.0, +Inf), in seconds.
        List<String> buckets = samples(scrape, "kinto_request_duration_seconds_bucket").stream()
                .filter(l -> l.contains(recordList)).map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).toList();
        assertEquals(List.of("0.01", "0.05", "0.1", "0.5", "1.0", "3.0", "6.0", "+Inf"), buckets, scrape);
        assertTrue(samples(scrape, "kinto_request_duration_seconds_count").contains(
                "kinto_request_duration_seconds_count{" + recordList + ",} 1.0"), scrape);
        // The response body's size.
        String size = samples(scrape, "kinto_request_size_sum").stream().filter(l -> l.contains(recordList)).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(size.substring(size.lastIndexOf(' ') + 1)) > 10, size);
        // Kinto's types (a response size is a summary, not a histogram), each series with its _created series as
        // Kinto's client writes by default (prometheus_created_metrics_enabled).
        assertTrue(scrape.contains("# TYPE kinto_request_duration_seconds histogram\n"), scrape);
        assertTrue(scrape.contains("# TYPE kinto_request_size summary\n"), scrape);
        for (String created : List.of("kinto_request_summary_created", "kinto_request_duration_seconds_created",
                "kinto_request_size_created")) {
            assertTrue(samples(scrape, created).stream().anyMatch(l -> l.contains(recordList)), created + "\n" + scrape);
        }
    }

    @Test
    void errorsHaveEmptyMatchdictLabelsAndUnknownRoutesNoPath() {
        given().get("/v1/buckets/nobody-here").then().statusCode(401);
        given().get("/v1/some/unknown/path").then().statusCode(404);
        String scrape = scrape();
        assertTrue(samples(scrape, "kinto_request_summary_total").contains(
                "kinto_request_summary_total{bucket_id=\"\",collection_id=\"\",endpoint=\"bucket-object\","
                        + "group_id=\"\",method=\"GET\",status=\"401\",} 1.0"), scrape);
        assertTrue(samples(scrape, "kinto_request_summary_total").contains(
                "kinto_request_summary_total{bucket_id=\"\",collection_id=\"\",endpoint=\"unknown\","
                        + "group_id=\"\",method=\"GET\",status=\"404\",} 1.0"), scrape);
        assertFalse(scrape.contains("nobody-here"), scrape);
        assertFalse(scrape.contains("unknown/path"), scrape);
    }

    @Test
    void theNumberOfSeriesDoesNotGrowWithRecordIds() {
        given().put("/v1/buckets/card").then().statusCode(201);
        given().put("/v1/buckets/card/collections/c1").then().statusCode(201);
        String record = "/v1/buckets/card/collections/c1/records/";
        json("{\"data\": {}}").put(record + "warm").then().statusCode(201);
        given().get(record + "warm").then().statusCode(200);
        given().get(record + "missing").then().statusCode(404);
        scrape();
        long before = seriesCount(scrape());
        assertTrue(before > 0, "no request series to count");
        for (int i = 0; i < 1000; i++) {
            String id = "r" + i;
            if (i % 2 == 0) {
                json("{\"data\": {}}").put(record + id).then().statusCode(201);
            } else {
                given().get(record + id).then().statusCode(404);
            }
        }
        String scrape = scrape();
        assertEquals(before, seriesCount(scrape), "series after 1,000 record ids");
        assertFalse(Pattern.compile("\"r9\\d\\d\"").matcher(scrape).find(), scrape);
    }

    @Test
    void authenticationsAndUsersAreCountedPerPolicy() {
        String before = scrape();
        given().auth().preemptive().basic("metrics-user", "secret").get("/v1/").then().statusCode(200);
        String userId = given().auth().preemptive().basic("metrics-user", "secret").get("/v1/").then().statusCode(200)
                .extract().path("user.id");
        String scrape = scrape();
        // The test profile's policies: account first (which declines these credentials), then basicauth.
        assertEquals(value(before, "kinto_authentication_total{type=\"basicauth\",}") + 2,
                value(scrape, "kinto_authentication_total{type=\"basicauth\",}"), scrape);
        assertEquals(2.0, value(scrape, "kinto_users_total{auth=\"basicauth\",userid=\"" + userId.replace(':', '.') + "\",}"), scrape);
        assertTrue(value(scrape, "kinto_authentication_account_seconds_count{method=\"identify\",}")
                >= value(before, "kinto_authentication_account_seconds_count{method=\"identify\",}") + 2, scrape);
    }

    @Test
    void backendCallsAreTimedPerMethod() {
        String record = "/v1/buckets/timed/collections/c1/records/r1";
        given().auth().preemptive().basic("timer", "secret").put("/v1/buckets/timed").then().statusCode(201);
        given().auth().preemptive().basic("timer", "secret").put("/v1/buckets/timed/collections/c1").then().statusCode(201);
        String before = scrape();
        json("{\"data\": {}}").auth().preemptive().basic("timer", "secret").put(record).then().statusCode(201);
        given().auth().preemptive().basic("timer", "secret").get(record).then().statusCode(200);
        given().auth().preemptive().basic("timer", "secret").get(record).then().statusCode(200);
        String scrape = scrape();

        String storageGet = "kinto_backend_storage_seconds_count{method=\"get\",}";
        assertTrue(value(scrape, storageGet) >= value(before, storageGet) + 2, scrape);
        String storageUpdate = "kinto_backend_storage_seconds_count{method=\"update\",}";
        assertEquals(value(before, storageUpdate) + 1, value(scrape, storageUpdate), scrape);
        String acls = "kinto_backend_permission_seconds_count{method=\"get_objects_permissions\",}";
        assertTrue(value(scrape, acls) >= value(before, acls) + 2, scrape);
        // Every request's credentials are looked up in the cache (the accounts policy): each read a hit or a miss.
        String cacheGet = "kinto_backend_cache_seconds_count{method=\"get\",}";
        double reads = value(scrape, cacheGet) - value(before, cacheGet);
        assertTrue(reads >= 3, scrape);
        assertEquals(reads, value(scrape, "kinto_cache_hits_total") - value(before, "kinto_cache_hits_total")
                + value(scrape, "kinto_cache_misses_total") - value(before, "kinto_cache_misses_total"), scrape);
        // The history plugin's work for the record PUT.
        assertEquals(value(before, "kinto_plugins_history_seconds_count") + 1,
                value(scrape, "kinto_plugins_history_seconds_count"), scrape);
        // Histograms with the same buckets as the request series, in seconds.
        List<String> buckets = samples(scrape, "kinto_backend_storage_seconds_bucket").stream()
                .filter(l -> l.contains("method=\"get\"")).map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).toList();
        assertEquals(List.of("0.01", "0.05", "0.1", "0.5", "1.0", "3.0", "6.0", "+Inf"), buckets, scrape);
    }

    @Test
    void eventListenersAreTimedByName() {
        String before = scrape();
        given().put("/v1/buckets/heard").then().statusCode(201);
        String scrape = scrape();
        assertEquals(value(before, "kinto_listeners_audit_seconds_count") + 1,
                value(scrape, "kinto_listeners_audit_seconds_count"), scrape);
    }

    @Test
    void statsdReceivesTheSameMeasurementsAsLines() {
        STATSD.clear();
        given().auth().preemptive().basic("statsd-user", "secret").put("/v1/buckets/sd1").then().statusCode(201);
        String userId = given().auth().preemptive().basic("statsd-user", "secret").get("/v1/").then().statusCode(200)
                .extract().path("user.id");
        String labels = ".bucket_id.sd1.collection_id..endpoint.bucket-object.group_id..method.PUT";
        // Counters: one line per increment, the labels appended to the key by name.
        STATSD.await("kinto.request_summary" + labels + ".status.201:1|c");
        STATSD.await("kinto.authentication.type.basicauth:1|c");
        // The label value as in Prometheus: the prefixed user id, its colons (reserved by the line format) turned into dots.
        STATSD.await("kinto.users.auth.basicauth.userid.basicauth." + userId.substring(userId.indexOf(':') + 1) + ":1|c");
        // Timers in milliseconds; the response size as Kinto's observe (a gauge).
        STATSD.await(Pattern.compile(Pattern.quote("kinto.request_duration" + labels) + ":\\d+\\.\\d{3}\\|ms"));
        STATSD.await(Pattern.compile(Pattern.quote("kinto.request_size" + labels) + ":[1-9]\\d*\\|g"));
        STATSD.await(Pattern.compile("kinto\\.backend\\.storage\\.method\\.[a-z_]+:\\d+\\.\\d{3}\\|ms"));
        STATSD.await(Pattern.compile("kinto\\.authentication\\.basicauth\\.method\\.identify:\\d+\\.\\d{3}\\|ms"));
        STATSD.await(Pattern.compile("kinto\\.listeners\\.audit:\\d+\\.\\d{3}\\|ms"));
        // Errors have empty ids, as in Prometheus.
        given().get("/v1/buckets/sd-missing").then().statusCode(401);
        STATSD.await("kinto.request_summary.bucket_id..collection_id..endpoint.bucket-object.group_id..method.GET.status.401:1|c");
    }

    /** The value of one sample line, 0 when the series does not exist yet. */
    static double value(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1))).orElse(0.0);
    }

    @Test
    void jvmProcessAndPoolMetricsAreServedToo() {
        String scrape = scrape();
        assertFalse(samples(scrape, "jvm_memory_used_bytes").isEmpty(), scrape);
        assertFalse(samples(scrape, "process_uptime_seconds").isEmpty(), scrape);
        assertFalse(samples(scrape, "jvm_threads_live_threads").isEmpty(), scrape);
        // Quarkus serves the same registry at its own path.
        String quarkus = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(samples(quarkus, "kinto_request_summary_total").isEmpty(), quarkus);
    }

    @Test
    void rootAdvertisesTheCapability() {
        given().get("/v1/").then().statusCode(200)
                .body("capabilities.prometheus.description", equalTo("Prometheus metrics."))
                .body("capabilities.prometheus.url", equalTo("https://github.com/Kinto/kinto/"))
                .body("capabilities.prometheus.prefix", equalTo("kinto_"));
    }
}
