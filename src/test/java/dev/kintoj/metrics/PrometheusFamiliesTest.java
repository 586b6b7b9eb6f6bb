package dev.kintoj.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The values of Kinto's Prometheus series as a scrape writes them: cumulative buckets, counts and sums, which the
 * plugin's HTTP test can only check loosely (request times vary).
 */
class PrometheusFamiliesTest {

    private static final double[] BOUNDS = {0.01, 0.05, 0.1, 0.5, 1.0, 3.0, 6.0};

    private static String scrape(PrometheusFamilies families) {
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(families);
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static List<String> lines(String scrape, String start) {
        return scrape.lines().filter(l -> l.startsWith(start)).toList();
    }

    @Test
    void timersAreHistogramsInSecondsWithCumulativeBuckets() {
        PrometheusFamilies families = new PrometheusFamilies("kinto_", List.of(), BOUNDS, true);
        Recorder get = families.recorder(Recorder.Kind.TIMER, "backend.storage", Map.of("method", "get"));
        get.record(2_000_000);        // 0.002 s
        get.record(10_000_000);       // exactly on the 0.01 bound: counted in it
        get.record(70_000_000);       // 0.07 s
        get.record(8_000_000_000L);   // above every bound
        String scrape = scrape(families);

        assertEquals(List.of(
                "kinto_backend_storage_seconds_bucket{method=\"get\",le=\"0.01\",} 2.0",
                "kinto_backend_storage_seconds_bucket{method=\"get\",le=\"0.05\",} 2.0",
                "kinto_backend_storage_seconds_bucket{method=\"get\",le=\"0.1\",} 3.0",
                "kinto_backend_storage_seconds_bucket{method=\"get\",le=\"0.5\",} 3.0",
                "kinto_backend_storage_seconds_bucket{method=\"get\",le=\"1.0\",} 3.0",
                "kinto_backend_storage_seconds_bucket{method=\"get\",le=\"3.0\",} 3.0",
                "kinto_backend_storage_seconds_bucket{method=\"get\",le=\"6.0\",} 3.0",
                "kinto_backend_storage_seconds_bucket{method=\"get\",le=\"+Inf\",} 4.0"),
                lines(scrape, "kinto_backend_storage_seconds_bucket"), scrape);
        assertEquals(List.of("kinto_backend_storage_seconds_count{method=\"get\",} 4.0"),
                lines(scrape, "kinto_backend_storage_seconds_count"), scrape);
        assertEquals(List.of("kinto_backend_storage_seconds_sum{method=\"get\",} 8.082"),
                lines(scrape, "kinto_backend_storage_seconds_sum"), scrape);
        assertTrue(scrape.contains("# TYPE kinto_backend_storage_seconds histogram\n"), scrape);
        assertEquals(1, lines(scrape, "kinto_backend_storage_seconds_created{method=\"get\",} ").size(), scrape);
    }

    @Test
    void countersAddAndSummariesCountAndSumWithLabelsInNameOrder() {
        PrometheusFamilies families = new PrometheusFamilies("app_", List.of(), BOUNDS, false);
        Map<String, String> labels = Map.of("method", "GET", "endpoint", "hello");
        Recorder requests = families.recorder(Recorder.Kind.COUNTER, "request_summary", labels);
        requests.record(1);
        requests.record(1);
        Recorder size = families.recorder(Recorder.Kind.SUMMARY, "request_size", labels);
        size.record(120);
        size.record(30);
        String scrape = scrape(families);

        assertEquals(List.of("app_request_summary_total{endpoint=\"hello\",method=\"GET\",} 2.0"),
                lines(scrape, "app_request_summary"), scrape);
        assertEquals(List.of("app_request_size_count{endpoint=\"hello\",method=\"GET\",} 2.0",
                "app_request_size_sum{endpoint=\"hello\",method=\"GET\",} 150.0"), lines(scrape, "app_request_size"), scrape);
        assertTrue(scrape.contains("# TYPE app_request_size summary\n"), scrape);
        assertFalse(scrape.contains("_created"), scrape);
    }

    @Test
    void aSeriesAppearsOnceRecordedAndIsMadeOnce() {
        PrometheusFamilies families = new PrometheusFamilies("kinto_", List.of(), BOUNDS, true);
        Recorder hits = families.recorder(Recorder.Kind.COUNTER, "cache_hits", Map.of());
        assertFalse(scrape(families).contains("kinto_cache_hits"));
        assertSame(hits, families.recorder(Recorder.Kind.COUNTER, "cache_hits", Map.of()));
        hits.record(1);
        assertTrue(scrape(families).contains("kinto_cache_hits_total 1.0\n"));
    }

    @Test
    void disabledSeriesRecordNothingAndAFamilyKeepsItsKindAndLabels() {
        PrometheusFamilies families = new PrometheusFamilies("kinto_", List.of("backend_cache"), BOUNDS, true);
        assertSame(Recorder.NONE, families.recorder(Recorder.Kind.TIMER, "backend.cache", Map.of("method", "get")));
        families.recorder(Recorder.Kind.COUNTER, "users", Map.of("auth", "basicauth", "userid", "u"));
        assertThrows(IllegalStateException.class, () -> families.recorder(Recorder.Kind.COUNTER, "users", Map.of("auth", "x")));
        assertThrows(IllegalStateException.class, () -> families.recorder(Recorder.Kind.SUMMARY, "users",
                Map.of("auth", "basicauth", "userid", "u")));
    }

    @Test
    void recordsFromManyThreadsAllCountAcrossReadingsWhileThreadsEnd() throws InterruptedException {
        PrometheusFamilies families = new PrometheusFamilies("kinto_", List.of(), BOUNDS, false);
        Recorder hits = families.recorder(Recorder.Kind.COUNTER, "cache_hits", Map.of());
        for (int wave = 1; wave <= 3; wave++) {
            List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(new Thread(() -> {
                    // A series made by this thread after others have cells: their cells must grow to it.
                    Recorder late = families.recorder(Recorder.Kind.SUMMARY, "request_size", Map.of("endpoint", "e"));
                    for (int i = 0; i < 25_000; i++) {
                        hits.record(1);
                        late.record(2);
                    }
                }));
            }
            threads.forEach(Thread::start);
            String during = scrape(families);  // a reading while they record, and before some of them end
            assertTrue(during.isEmpty() || during.contains("kinto_cache_hits_total"), during);
            for (Thread thread : threads) {
                thread.join();
            }
            // The ended threads' cells are folded at one reading: the next ones must count them once, not again.
            for (int reading = 0; reading < 2; reading++) {
                String scrape = scrape(families);
                assertEquals(List.of("kinto_cache_hits_total " + (wave * 100_000) + ".0"),
                        lines(scrape, "kinto_cache_hits_total"), scrape);
                assertEquals(List.of("kinto_request_size_count{endpoint=\"e\",} " + (wave * 100_000) + ".0",
                        "kinto_request_size_sum{endpoint=\"e\",} " + (wave * 200_000) + ".0"),
                        lines(scrape, "kinto_request_size"), scrape);
            }
        }
    }

    @Test
    void bucketsSettingIsSecondsWithAnOptionalInf() {
        assertEquals(List.of(0.2, 2.5), java.util.Arrays.stream(PrometheusFamilies.buckets("2.5 0.2 Inf")).boxed().toList());
        assertThrows(IllegalArgumentException.class, () -> PrometheusFamilies.buckets("0.1 fast"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusFamilies.buckets("0.1 0.1"));
    }
}
