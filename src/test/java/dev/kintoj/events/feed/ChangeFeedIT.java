package dev.kintoj.events.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import dev.kintoj.SseStream;
import dev.kintoj.SseStream.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kintoj.KintoHttp.basic;
import static dev.kintoj.KintoHttp.describe;
import static dev.kintoj.KintoHttp.json;
import static dev.kintoj.KintoHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The change feed across packaged replicas on one PostgreSQL database: a write through one reaches the subscribers
 * of the other, through LISTEN/NOTIFY and, configured so, through Redis pub/sub; a consumer that stops reading is
 * disconnected without holding the others back and resumes without loss; a 10,000-record deletion is delivered
 * while other writers go on.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ChangeFeedIT {

    private static final String DATABASE = System.getProperty("test.db", "kintoj") + "_feed_it";
    private static final String ALICE = basic("alice", "secret");
    private static final String CHANNEL = "kintoj-feed-it-" + ProcessHandle.current().pid();
    private static final int SLOW_BUFFER = 50;

    private static PackagedApp a;
    private static PackagedApp b;
    private static PackagedApp redisA;
    private static PackagedApp redisB;

    @BeforeAll
    static void startReplicas() throws Exception {
        PostgresAdmin.recreate(DATABASE);
        Map<String, String> env = PostgresAdmin.everyBackendIn(DATABASE);
        env.put("MULTIAUTH_POLICIES", "basicauth");
        env.put("KINTO_STORAGE_POOL_SIZE", "10");
        // The first replica only: its slow subscriber is disconnected quickly.
        Map<String, String> small = new HashMap<>(env);
        small.put("KINTO_CHANGE_FEED_BUFFER_SIZE", String.valueOf(SLOW_BUFFER));
        Map<String, String> redis = new HashMap<>(env);
        redis.put("KINTO_EVENT_LISTENERS", "feed");
        redis.put("KINTO_EVENT_LISTENERS_FEED_USE", "kinto_redis.listeners");
        redis.put("KINTO_EVENT_LISTENERS_FEED_URL", "redis://127.0.0.1:6379/4");
        redis.put("KINTO_EVENT_LISTENERS_FEED_CHANNEL", CHANNEL);
        // The schema is created by the first one alone.
        a = PackagedApp.launch("feed-a", small);
        CompletableFuture<PackagedApp> startB = CompletableFuture.supplyAsync(() -> launch("feed-b", env));
        CompletableFuture<PackagedApp> startRedisA = CompletableFuture.supplyAsync(() -> launch("feed-redis-a", redis));
        CompletableFuture<PackagedApp> startRedisB = CompletableFuture.supplyAsync(() -> launch("feed-redis-b", redis));
        b = startB.get(90, TimeUnit.SECONDS);
        redisA = startRedisA.get(90, TimeUnit.SECONDS);
        redisB = startRedisB.get(90, TimeUnit.SECONDS);
    }

    private static PackagedApp launch(String name, Map<String, String> env) {
        try {
            return PackagedApp.launch(name, env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (PackagedApp app : new PackagedApp[]{a, b, redisA, redisB}) {
            if (app != null) {
                app.close();
            }
        }
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertTrue(response.statusCode() < 300, describe(response));
        return response;
    }

    private static void collection(PackagedApp app, String bucket, String collection) {
        ok(send("PUT", app.base() + "/buckets/" + bucket, null, "Authorization", ALICE, "If-None-Match", "*"));
        ok(send("PUT", app.base() + "/buckets/" + bucket + "/collections/" + collection, null, "Authorization", ALICE));
    }

    private static String changes(PackagedApp app, String bucket, String collection) {
        return app.base() + "/buckets/" + bucket + "/collections/" + collection + "/changes";
    }

    private static JsonNode post(PackagedApp app, String bucket, String collection, String data) {
        return json(ok(send("POST", app.base() + "/buckets/" + bucket + "/collections/" + collection + "/records",
                "{\"data\":" + data + "}", "Authorization", ALICE))).get("data");
    }

    @Test
    void aWriteOnOneReplicaReachesTheSubscribersOfTheOtherThroughPostgresql() throws Exception {
        collection(a, "replicas", "c");
        assertEquals("postgresql", json(send("GET", b.base() + "/", null)).get("capabilities").get("changes").get("transport").asText());
        try (SseStream onB = SseStream.open(changes(b, "replicas", "c"), "Authorization", ALICE)) {
            assertEquals(200, onB.status());
            JsonNode first = post(a, "replicas", "c", "{\"from\":\"a\"}");
            JsonNode second = post(b, "replicas", "c", "{\"from\":\"b\"}");
            List<Event> events = onB.take(2, 10);
            assertEquals(first, events.get(0).data().get("new"));
            assertEquals(second, events.get(1).data().get("new"));
        }
    }

    /** The listener's PUBLISH carries the events from one replica to the other (no LPUSH list configured). */
    @Test
    void withARedisChannelTheEventsTravelThroughRedisPubSub() throws Exception {
        collection(redisA, "viaredis", "c");
        assertEquals("redis", json(send("GET", redisB.base() + "/", null)).get("capabilities").get("changes").get("transport").asText());
        try (SseStream onB = SseStream.open(changes(redisB, "viaredis", "c"), "Authorization", ALICE)) {
            JsonNode created = post(redisA, "viaredis", "c", "{\"via\":\"redis\"}");
            ok(send("DELETE", redisA.base() + "/buckets/viaredis/collections/c/records/" + created.get("id").asText(), null,
                    "Authorization", ALICE));
            List<Event> events = onB.take(2, 10);
            assertEquals(List.of("create", "delete"), events.stream().map(Event::action).toList());
            assertEquals(created, events.get(0).data().get("new"));
            assertEquals(created, events.get(1).data().get("old"));
        }
    }

    /**
     * A client that stops reading fills its connection, then its buffer of {@value SLOW_BUFFER} events: the server
     * closes it. The writer and a reading subscriber (on the other replica) are not held back, and the slow client
     * resumes from the last event it got without losing any.
     */
    @Test
    void aSlowConsumerIsDisconnectedAndResumesWithoutLoss() throws Exception {
        collection(a, "slow", "c");
        String padding = "x".repeat(20_000);
        int total = 400;
        try (Socket slow = new Socket(); SseStream reader = SseStream.open(changes(b, "slow", "c"), "Authorization", ALICE)) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", a.port()), 5000);
            slow.getOutputStream().write(("GET /v1/buckets/slow/collections/c/changes HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + ALICE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            Thread.sleep(300);
            long started = System.nanoTime();
            List<Long> written = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                written.add(post(a, "slow", "c", "{\"i\":" + i + ",\"pad\":\"" + padding + "\"}").get("last_modified").asLong());
            }
            double writeSeconds = (System.nanoTime() - started) / 1e9;
            List<Event> fast = reader.take(total, 30);
            assertEquals(written, fast.stream().map(Event::id).toList(), "the reading subscriber got everything");

            // Only now does the slow client read: what the server sent before closing, then the end of the stream.
            slow.setSoTimeout(15_000);
            byte[] received = readToEnd(slow.getInputStream());
            List<Long> ids = new ArrayList<>();
            Matcher id = Pattern.compile("\nid: (\\d+)\ndata: [^\n]*\n\n").matcher(new String(received, StandardCharsets.UTF_8));
            while (id.find()) {
                ids.add(Long.parseLong(id.group(1)));
            }
            assertTrue(ids.size() < total, "disconnected before the end: " + ids.size() + " events");
            assertEquals(written.subList(0, ids.size()), ids);
            System.out.printf("slow consumer: disconnected after %d of %d events (%d bytes); %d writes took %.1f s%n",
                    ids.size(), total, received.length, total, writeSeconds);

            long last = ids.isEmpty() ? 0 : ids.get(ids.size() - 1);
            try (SseStream resumed = SseStream.open(changes(a, "slow", "c"), "Authorization", ALICE,
                    "Last-Event-ID", String.valueOf(last))) {
                List<Event> rest = resumed.take(total - ids.size(), 30);
                assertEquals(written.subList(ids.size(), total), rest.stream().map(Event::id).toList());
                assertNull(resumed.next(0.3));
            }
        }
    }

    /** Reads until the server closes the connection; fails if it stays open (heartbeats included) for 20 s. */
    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        long deadline = System.nanoTime() + 20_000_000_000L;
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                out.write(chunk, 0, n);
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the server kept the slow connection open (" + out.size() + " bytes read)");
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the slow connection open (" + out.size() + " bytes read)");
        } catch (IOException reset) {
            // A reset closes it too.
        }
        return out.toByteArray();
    }

    /**
     * A deletion of 10,000 records is 10,000 events: a subscriber receives them all, and other writers of the same
     * replica are answered meanwhile as usual.
     */
    @Test
    void aTenThousandRecordDeletionReachesSubscribersWithoutHoldingWritersBack() throws Exception {
        collection(b, "storm", "c");
        ok(send("PUT", b.base() + "/buckets/storm/collections/other", null, "Authorization", ALICE));
        int count = 10_000;
        PostgresAdmin.query(DATABASE, "INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted)"
                + " SELECT 'r' || i, '/buckets/storm/collections/c', 'record',"
                // Distinct past timestamps: one statement's rows do not see each other in the timestamp trigger.
                + " date_trunc('milliseconds', now() AT TIME ZONE 'UTC') - INTERVAL '1 hour' + i * INTERVAL '1 millisecond',"
                + " jsonb_build_object('i', i), false"
                + " FROM generate_series(1, " + count + ") AS i");
        try (SseStream stream = SseStream.open(changes(b, "storm", "c"), "Authorization", ALICE)) {
            AtomicBoolean storming = new AtomicBoolean(true);
            List<long[]> writes = new ArrayList<>();
            Thread writer = new Thread(() -> {
                while (storming.get()) {
                    long start = System.nanoTime();
                    post(b, "storm", "other", "{\"during\":true}");
                    synchronized (writes) {
                        writes.add(new long[]{start, System.nanoTime()});
                    }
                }
            });
            long started = System.nanoTime();
            writer.start();
            HttpResponse<String> deleted = ok(send("DELETE", b.base() + "/buckets/storm/collections/c/records", null,
                    "Authorization", ALICE));
            long answered = System.nanoTime();
            assertEquals(count, json(deleted).get("data").size());
            List<Event> events = stream.take(count, 90);
            long delivered = System.nanoTime();
            storming.set(false);
            writer.join(10_000);
            assertTrue(events.stream().allMatch(e -> e.action().equals("delete")));
            assertEquals(count, events.stream().map(Event::id).distinct().count());
            synchronized (writes) {
                // Writes answered while the 10,000 events were being fanned out: the fan-out does not hold them.
                long during = writes.stream().filter(w -> w[1] > answered && w[1] < delivered).count();
                long slowest = writes.stream().mapToLong(w -> (w[1] - w[0]) / 1_000_000).max().orElse(0);
                System.out.printf("storm: deletion answered in %.1f s, %d events delivered %.1f s later; %d writes"
                        + " answered meanwhile, slowest %d ms%n", (answered - started) / 1e9, count,
                        (delivered - answered) / 1e9, during, slowest);
                assertTrue(during > 0 || delivered - answered < 500_000_000L, "no write was answered during the fan-out");
            }
        }
    }
}
