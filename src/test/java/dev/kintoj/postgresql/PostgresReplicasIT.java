package dev.kintoj.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.kintoj.KintoHttp.basic;
import static dev.kintoj.KintoHttp.describe;
import static dev.kintoj.KintoHttp.json;
import static dev.kintoj.KintoHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two packaged replicas on one PostgreSQL database (sync.md §2, storage.md §2.7): concurrent writes through both get
 * distinct, increasing timestamps, and If-Match read-modify-write cycles lose no update. Concurrent requests may be
 * refused with a retryable 409 (errno 122, Retry-After), never with a 500.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresReplicasIT {

    private static final String DATABASE = "kintoj_it_replicas";
    private static final String ALICE = basic("alice", "secret");
    private static final int THREADS = 8;
    private static final int POSTS_PER_THREAD = 25;

    private static final List<PackagedApp> replicas = new ArrayList<>();

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        PostgresAdmin.recreate(DATABASE);
        Map<String, String> env = PostgresAdmin.everyBackendIn(DATABASE);
        env.put("KINTO_STORAGE_POOL_SIZE", "10");
        env.put("MULTIAUTH_POLICIES", "basicauth");
        // Started together: both create the tables at once.
        CompletableFuture<PackagedApp> a = CompletableFuture.supplyAsync(() -> launch("replica-a", env));
        CompletableFuture<PackagedApp> b = CompletableFuture.supplyAsync(() -> launch("replica-b", env));
        try {
            replicas.add(a.get(90, TimeUnit.SECONDS));
        } finally {
            replicas.add(b.get(90, TimeUnit.SECONDS));
        }
    }

    private static PackagedApp launch(String name, Map<String, String> env) {
        try {
            return PackagedApp.launch(name, env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopReplicas() throws InterruptedException {
        for (PackagedApp replica : replicas) {
            replica.close();
        }
    }

    @Test
    void concurrentCreationsThroughBothReplicasGetDistinctIncreasingTimestamps() throws Exception {
        createBucketAndCollection("timestamps");
        String path = "/buckets/timestamps/collections/c/records";
        Outcomes results = new Outcomes();
        onThreads(thread -> {
            for (int i = 0; i < POSTS_PER_THREAD; i++) {
                PackagedApp replica = replicas.get((thread + i) % 2);
                String body = "{\"data\": {\"thread\": " + thread + ", \"i\": " + i + "}}";
                for (int attempt = 0; ; attempt++) {
                    HttpResponse<String> created = send("POST", replica.base() + path, body, "Authorization", ALICE);
                    if (created.statusCode() == 201) {
                        results.created.add(json(created).get("data"));
                        break;
                    }
                    if (!results.refusedRetryably(created) || attempt == 10) {
                        break;
                    }
                }
            }
        });
        results.assertNoFailure();

        int expected = THREADS * POSTS_PER_THREAD;
        assertEquals(expected, results.created.size(), "created records (409s: " + results.conflicts + ")");
        Map<String, Long> createdTimestamps = new HashMap<>();
        for (JsonNode record : results.created) {
            createdTimestamps.put(record.get("id").asText(), record.get("last_modified").asLong());
        }
        assertEquals(expected, createdTimestamps.size(), "distinct ids");
        Set<Long> distinct = new TreeSet<>(createdTimestamps.values());
        assertEquals(expected, distinct.size(), "distinct last_modified values: " + duplicates(createdTimestamps));

        long max = distinct.stream().max(Long::compare).orElseThrow();
        for (PackagedApp replica : replicas) {
            List<JsonNode> listed = new ArrayList<>();
            String next = replica.base() + path + "?_sort=last_modified";
            String etag = null;
            while (next != null) {
                HttpResponse<String> page = send("GET", next, null, "Authorization", ALICE);
                assertEquals(200, page.statusCode(), describe(page));
                etag = etag == null ? page.headers().firstValue("ETag").orElse(null) : etag;
                json(page).get("data").forEach(listed::add);
                next = page.headers().firstValue("Next-Page").orElse(null);
            }
            assertEquals(expected, listed.size(), "records listed by " + replica.base());
            long previous = Long.MIN_VALUE;
            for (JsonNode record : listed) {
                long timestamp = record.get("last_modified").asLong();
                assertTrue(timestamp > previous, "strictly increasing with ?_sort=last_modified: " + previous + " then "
                        + timestamp + " (" + replica.base() + ")");
                assertEquals(createdTimestamps.get(record.get("id").asText()), timestamp,
                        "timestamp of " + record.get("id") + " as created");
                previous = timestamp;
            }
            assertEquals("\"" + max + "\"", etag, "ETag of the records list on " + replica.base());
        }
    }

    @Test
    void ifMatchReadModifyWriteThroughBothReplicasLosesNoUpdate() throws Exception {
        createBucketAndCollection("counter");
        String record = "/buckets/counter/collections/c/records/counter";
        HttpResponse<String> created = send("PUT", replicas.get(0).base() + record, "{\"data\": {\"n\": 0}}",
                "Authorization", ALICE);
        assertEquals(201, created.statusCode(), describe(created));

        Outcomes results = new Outcomes();
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger preconditionFailures = new AtomicInteger();
        Set<Integer> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Integer> writtenTwice = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        int successesPerThread = 6;
        onThreads(thread -> {
            int mine = 0;
            for (int i = 0; mine < successesPerThread && System.nanoTime() < deadline; i++) {
                // Read on one replica, write on the other.
                PackagedApp reader = replicas.get((thread + i) % 2);
                PackagedApp writer = replicas.get((thread + i + 1) % 2);
                HttpResponse<String> read = send("GET", reader.base() + record, null, "Authorization", ALICE);
                if (read.statusCode() != 200) {
                    results.refusedRetryably(read);
                    continue;
                }
                String etag = read.headers().firstValue("ETag").orElseThrow();
                int n = json(read).get("data").get("n").asInt();
                HttpResponse<String> write = i % 2 == 0
                        ? send("PUT", writer.base() + record, "{\"data\": {\"n\": " + (n + 1) + "}}",
                        "Authorization", ALICE, "If-Match", etag)
                        : send("PATCH", writer.base() + record, "{\"data\": {\"n\": " + (n + 1) + "}}",
                        "Authorization", ALICE, "If-Match", etag);
                int status = write.statusCode();
                if (status >= 200 && status < 300) {
                    mine++;
                    successes.incrementAndGet();
                    JsonNode data = json(write).get("data");
                    if (data.get("n").asInt() != n + 1) {
                        results.failures.add("wrote n=" + (n + 1) + " but answered " + describe(write));
                    }
                    if (!written.add(n + 1)) {
                        writtenTwice.add(n + 1);
                    }
                    String newEtag = write.headers().firstValue("ETag").orElse("");
                    if (!newEtag.equals("\"" + data.get("last_modified").asLong() + "\"") || newEtag.equals(etag)) {
                        results.failures.add("ETag " + newEtag + " after If-Match " + etag + ": " + describe(write));
                    }
                } else if (status == 412) {
                    preconditionFailures.incrementAndGet();
                } else {
                    results.refusedRetryably(write);
                }
            }
        });
        results.assertNoFailure();
        HttpResponse<String> finalState = send("GET", replicas.get(0).base() + record, null, "Authorization", ALICE);
        assertTrue(writtenTwice.isEmpty(), "values written by two successful If-Match writes (lost updates): "
                + writtenTwice + "; successes " + successes + ", 412s " + preconditionFailures + ", final "
                + finalState.body());
        assertTrue(preconditionFailures.get() > 0, "the writers should have competed (no 412 at all)");

        for (PackagedApp replica : replicas) {
            HttpResponse<String> last = send("GET", replica.base() + record, null, "Authorization", ALICE);
            assertEquals(200, last.statusCode(), describe(last));
            assertEquals(successes.get(), json(last).get("data").get("n").asInt(),
                    "n after " + successes + " successful If-Match writes (" + preconditionFailures + " 412s, "
                            + results.conflicts + " 409s) on " + replica.base());
        }
        assertEquals(successes.get(), written.size());
        assertTrue(successes.get() >= THREADS * successesPerThread / 2,
                "too few successful writes within the time limit: " + successes);
    }

    private static void createBucketAndCollection(String bucket) {
        HttpResponse<String> created = send("PUT", replicas.get(0).base() + "/buckets/" + bucket, null, "Authorization", ALICE);
        assertEquals(201, created.statusCode(), describe(created));
        // The other replica sees it at once (same database) and creates the collection.
        created = send("PUT", replicas.get(1).base() + "/buckets/" + bucket + "/collections/c", null, "Authorization", ALICE);
        assertEquals(201, created.statusCode(), describe(created));
    }

    private static String duplicates(Map<String, Long> timestamps) {
        Map<Long, List<String>> byTimestamp = new HashMap<>();
        timestamps.forEach((id, ts) -> byTimestamp.computeIfAbsent(ts, k -> new ArrayList<>()).add(id));
        StringBuilder out = new StringBuilder();
        byTimestamp.forEach((ts, ids) -> {
            if (ids.size() > 1) {
                out.append(ts).append(" ").append(ids).append("; ");
            }
        });
        return out.toString();
    }

    /** Outcomes of concurrent requests: created records, retryable conflicts, and anything else as a failure. */
    private static final class Outcomes {
        final ConcurrentLinkedQueue<JsonNode> created = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger conflicts = new AtomicInteger();

        /** True for a retryable 409 (errno 122 with Retry-After); records any other answer as a failure. */
        boolean refusedRetryably(HttpResponse<String> response) {
            if (response.statusCode() == 409 && response.headers().firstValue("Retry-After").isPresent()
                    && json(response).path("errno").asInt() == 122) {
                conflicts.incrementAndGet();
                return true;
            }
            failures.add(describe(response));
            return false;
        }

        void assertNoFailure() {
            if (!failures.isEmpty()) {
                Set<String> distinct = new HashSet<>(failures);
                StringBuilder logs = new StringBuilder();
                for (PackagedApp replica : replicas) {
                    logs.append('\n').append(replica.logTail(60));
                }
                fail(failures.size() + " unexpected answers, e.g. " + distinct.stream().limit(5).toList() + logs);
            }
        }
    }

    /** Runs the work on THREADS threads at once (each given its number) and waits, at most 90 s, for all. */
    private static void onThreads(ThreadWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(pool.submit(() -> {
                    work.run(thread);
                    return null;
                }));
            }
            for (Future<?> thread : threads) {
                thread.get(90, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface ThreadWork {
        void run(int thread) throws Exception;
    }

}
