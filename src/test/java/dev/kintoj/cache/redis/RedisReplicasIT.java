package dev.kintoj.cache.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import dev.kintoj.TcpForwarder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.kintoj.KintoHttp.basic;
import static dev.kintoj.KintoHttp.describe;
import static dev.kintoj.KintoHttp.json;
import static dev.kintoj.KintoHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged replicas on one PostgreSQL database and one Redis cache ({@code kinto_redis.cache}, database 3, a key
 * prefix of this run), as a Helm installation runs them: a DELETE pagination token issued by one is followed on the
 * other, and a login proven (bcrypt) on one is recognised on the other from the cache. Replica B reaches Redis through
 * a TCP forwarder: when it is cut or stops answering, B answers the requests that need the cache with a quick 503
 * (errno 201, Retry-After), its heartbeat reports the cache, and it recovers without a restart.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RedisReplicasIT {

    private static final String DATABASE = System.getProperty("test.db", "kintoj") + "_it_redis";
    private static final String ALICE = basic("alice", "secret");
    /** Bound of each Redis exchange on the replicas (cache_pool_timeout). */
    private static final double BOUND_SECONDS = 1;
    /** A 503 for an unreachable cache comes within the bound, with room for a loaded machine. */
    private static final long FAST_MILLIS = 2500;
    private static final long RECOVERY_SECONDS = 15;

    private static TcpForwarder forwarder;
    private static PackagedApp a;
    private static PackagedApp b;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        PostgresAdmin.recreate(DATABASE);
        forwarder = new TcpForwarder(TestRedis.HOST, TestRedis.PORT);
        String prefix = "kintoj-it-" + System.nanoTime() + ":";
        String direct = "redis://" + TestRedis.HOST + ":" + TestRedis.PORT + "/" + TestRedis.DATABASE;
        String forwarded = "redis://127.0.0.1:" + forwarder.port() + "/" + TestRedis.DATABASE;
        CompletableFuture<PackagedApp> first = CompletableFuture.supplyAsync(() -> launch("redis-a", env(direct, prefix)));
        CompletableFuture<PackagedApp> second = CompletableFuture.supplyAsync(() -> launch("redis-b", env(forwarded, prefix)));
        try {
            a = first.get(90, TimeUnit.SECONDS);
        } finally {
            b = second.get(90, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> env(String redisUrl, String prefix) {
        Map<String, String> env = PostgresAdmin.everyBackendIn(DATABASE);
        env.put("KINTO_STORAGE_POOL_SIZE", "5");
        env.put("KINTO_CACHE_BACKEND", "kinto_redis.cache");
        env.put("KINTO_CACHE_URL", redisUrl);
        env.put("KINTO_CACHE_PREFIX", prefix);
        env.put("KINTO_CACHE_POOL_SIZE", "4");
        env.put("KINTO_CACHE_POOL_TIMEOUT", String.valueOf(BOUND_SECONDS));
        env.put("KINTO_HEARTBEAT_TIMEOUT_SECONDS", "3");
        env.put("KINTO_INCLUDES", "kinto.plugins.accounts");
        env.put("MULTIAUTH_POLICIES", "account basicauth");
        env.put("MULTIAUTH_POLICY_ACCOUNT_USE", "kinto.plugins.accounts.AccountsPolicy");
        env.put("KINTO_ACCOUNT_CREATE_PRINCIPALS", "system.Everyone");
        return env;
    }

    private static PackagedApp launch(String name, Map<String, String> env) {
        try {
            return PackagedApp.launch(name, env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void redisIsBack() throws Exception {
        forwarder.thaw();
        forwarder.restore();
    }

    @AfterAll
    static void stop() throws Exception {
        for (PackagedApp app : new PackagedApp[] {a, b}) {
            if (app != null) {
                app.close();
            }
        }
        if (forwarder != null) {
            forwarder.close();
        }
    }

    @Test
    void aDeleteTokenIssuedByOneReplicaIsFollowedOnTheOther() {
        String records = "/buckets/paged/collections/c/records";
        createRecords("paged", 5);

        HttpResponse<String> firstPage = send("DELETE", a.base() + records + "?_limit=2&_sort=n", null, "Authorization", ALICE);
        assertEquals(200, firstPage.statusCode(), describe(firstPage));
        assertEquals(List.of(0, 1), numbers(firstPage));
        String next = onReplica(b, firstPage.headers().firstValue("Next-Page").orElseThrow());

        HttpResponse<String> secondPage = send("DELETE", next, null, "Authorization", ALICE);
        assertEquals(200, secondPage.statusCode(), "B consumes the token A issued: " + describe(secondPage));
        assertEquals(List.of(2, 3), numbers(secondPage));
        HttpResponse<String> thirdPage = send("DELETE",
                onReplica(a, secondPage.headers().firstValue("Next-Page").orElseThrow()), null, "Authorization", ALICE);
        assertEquals(200, thirdPage.statusCode(), "A consumes the token B issued: " + describe(thirdPage));
        assertEquals(List.of(4), numbers(thirdPage));
        assertFalse(thirdPage.headers().firstValue("Next-Page").isPresent(), describe(thirdPage));

        HttpResponse<String> replayed = send("DELETE", onReplica(a, next), null, "Authorization", ALICE);
        assertEquals(400, replayed.statusCode(), "a token is consumed once, whichever replica: " + describe(replayed));
        assertTrue(replayed.body().contains("_token was already used or has expired"), describe(replayed));
    }

    @Test
    void aListTokenIssuedByOneReplicaIsFollowedOnTheOther() {
        createRecords("listed", 3);

        HttpResponse<String> firstPage = send("GET", a.base() + "/buckets/listed/collections/c/records?_limit=2&_sort=-n",
                null, "Authorization", ALICE);
        assertEquals(List.of(2, 1), numbers(firstPage));
        HttpResponse<String> secondPage = send("GET", onReplica(b, firstPage.headers().firstValue("Next-Page").orElseThrow()),
                null, "Authorization", ALICE);

        assertEquals(200, secondPage.statusCode(), describe(secondPage));
        assertEquals(List.of(0), numbers(secondPage));
    }

    /**
     * The proof is made on A; then the stored hash is swapped, behind the service's back, for one of another password:
     * only a replica that finds the proof in the shared cache still accepts the old password (bcrypt would refuse it).
     * A password change through B removes the proof for A too.
     */
    @Test
    void aLoginProvenOnOneReplicaIsRecognisedOnTheOtherWithoutBcrypt() throws Exception {
        signUp("bob", "first-password");
        signUp("carol", "other-password");
        String bob = basic("bob", "first-password");
        assertEquals("account:bob", userId(a, bob), "bcrypt on A, proof cached");

        PostgresAdmin.query(DATABASE, "UPDATE objects SET data = jsonb_set(data, '{password}',"
                + " (SELECT data->'password' FROM objects WHERE resource_name = 'account' AND id = 'carol'))"
                + " WHERE resource_name = 'account' AND id = 'bob'");
        assertEquals("account:bob", userId(b, bob), "B recognises the proof A cached, without bcrypt");

        HttpResponse<String> changed = send("PATCH", b.base() + "/accounts/bob",
                "{\"data\": {\"password\": \"second-password\"}}", "Authorization", bob);
        assertEquals(200, changed.statusCode(), describe(changed));
        // The old password no longer makes bob an account on A (basicauth then takes it as a user of its own).
        assertNotEquals("account:bob", userId(a, bob), "the change on B dropped the proof A had made");
        assertEquals("account:bob", userId(a, basic("bob", "second-password")));
    }

    @Test
    void withoutItsRedisAReplicaAnswersQuick503sAndRecoversByItself() throws Exception {
        signUp("dave", "dave-password");
        String dave = basic("dave", "dave-password");
        createRecords("outage", 3);
        HttpResponse<String> shared = send("PATCH", a.base() + "/buckets/outage",
                "{\"permissions\": {\"write\": [\"system.Everyone\"]}}", "Authorization", ALICE);
        assertEquals(200, shared.statusCode(), describe(shared));
        assertEquals("account:dave", userId(b, dave));

        forwarder.cut();
        assertCacheOutage(dave);

        forwarder.restore();
        awaitRecovery(dave);

        forwarder.freeze();
        assertCacheOutage(dave);

        forwarder.thaw();
        awaitRecovery(dave);
        HttpResponse<String> deleted = send("DELETE", b.base() + "/buckets/outage/collections/c/records?_limit=1", null,
                "Authorization", ALICE);
        assertEquals(200, deleted.statusCode(), describe(deleted));
        assertTrue(deleted.headers().firstValue("Next-Page").isPresent(), describe(deleted));
    }

    /** What B answers while its Redis is unreachable; A, on the same Redis directly, is unaffected. */
    private static void assertCacheOutage(String account) {
        String records = "/buckets/outage/collections/c/records";
        assertQuick503(() -> send("GET", b.base() + "/", null, "Authorization", account));
        assertQuick503(() -> send("GET", b.base() + records, null, "Authorization", ALICE));
        // Anyone may write: deleting needs no login, but its pagination token needs the cache.
        assertQuick503(() -> send("DELETE", b.base() + records + "?_limit=1", null));

        HttpResponse<String> anonymous = send("GET", b.base() + records, null);
        assertEquals(200, anonymous.statusCode(), "an anonymous read needs no cache: " + describe(anonymous));
        assertEquals(3, json(anonymous).get("data").size(), "the failed DELETE deleted nothing: " + describe(anonymous));
        HttpResponse<String> heartbeat = send("GET", b.base() + "/__heartbeat__", null);
        assertEquals(503, heartbeat.statusCode(), describe(heartbeat));
        assertEquals(false, json(heartbeat).get("cache").asBoolean(true), describe(heartbeat));
        assertEquals(true, json(heartbeat).get("storage").asBoolean(false), describe(heartbeat));
        assertEquals(200, send("GET", b.base() + "/__lbheartbeat__", null).statusCode());
        assertEquals(200, send("GET", a.base() + "/__heartbeat__", null).statusCode());
        assertEquals(200, send("GET", a.base() + records, null, "Authorization", account).statusCode());
        assertTrue(b.isAlive(), b.logTail(40));
    }

    private static void assertQuick503(Supplier<HttpResponse<String>> request) {
        long start = System.nanoTime();
        HttpResponse<String> response = request.get();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String description = describe(response);
        assertEquals(503, response.statusCode(), description + "\n" + b.logTail(30));
        assertEquals(201, json(response).path("errno").asInt(), description);
        assertEquals("Service Unavailable", json(response).path("error").asText(), description);
        assertTrue(response.headers().firstValue("Retry-After").isPresent(), description);
        assertTrue(millis < FAST_MILLIS, "503 after " + millis + " ms: " + description);
    }

    private static void awaitRecovery(String account) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RECOVERY_SECONDS);
        HttpResponse<String> read;
        while (true) {
            read = send("GET", b.base() + "/", null, "Authorization", account);
            if (read.statusCode() == 200 || System.nanoTime() > deadline) {
                break;
            }
            assertEquals(503, read.statusCode(), describe(read));
            Thread.sleep(200);
        }
        assertEquals(200, read.statusCode(), "no recovery within " + RECOVERY_SECONDS + " s of Redis's return: "
                + describe(read) + "\n" + b.logTail(30));
        assertEquals(200, send("GET", b.base() + "/__heartbeat__", null).statusCode());
    }

    private static void signUp(String user, String password) {
        HttpResponse<String> created = send("PUT", a.base() + "/accounts/" + user,
                "{\"data\": {\"password\": \"" + password + "\"}}");
        assertEquals(201, created.statusCode(), describe(created));
    }

    private static String userId(PackagedApp replica, String authorization) {
        HttpResponse<String> hello = send("GET", replica.base() + "/", null, "Authorization", authorization);
        assertEquals(200, hello.statusCode(), describe(hello));
        return json(hello).path("user").path("id").asText(null);
    }

    private static void createRecords(String bucket, int count) {
        String base = a.base() + "/buckets/" + bucket;
        assertEquals(201, send("PUT", base, null, "Authorization", ALICE).statusCode());
        assertEquals(201, send("PUT", base + "/collections/c", null, "Authorization", ALICE).statusCode());
        for (int n = 0; n < count; n++) {
            HttpResponse<String> created = send("PUT", base + "/collections/c/records/r" + n, "{\"data\": {\"n\": " + n + "}}",
                    "Authorization", ALICE);
            assertEquals(201, created.statusCode(), describe(created));
        }
    }

    /** The numbers of the records (or tombstones) of a page, from their ids {@code r<n>}. */
    private static List<Integer> numbers(HttpResponse<String> page) {
        assertEquals(200, page.statusCode(), describe(page));
        List<Integer> numbers = new ArrayList<>();
        for (JsonNode record : json(page).get("data")) {
            numbers.add(Integer.parseInt(record.get("id").asText().substring(1)));
        }
        return numbers;
    }

    /** The Next-Page URL of one replica, sent to the other (as a load balancer would). */
    private static String onReplica(PackagedApp replica, String nextPage) {
        return nextPage.replaceFirst("^https?://[^/]+/v1", replica.base());
    }
}
