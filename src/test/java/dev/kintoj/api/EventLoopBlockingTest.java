package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No request blocks an event loop: concurrent reads, writes (with If-Match), deletions and batches run while
 * {@link EventLoopSampler} watches the event loops, and any wait it sees on one (a park, a sleep, a monitor) fails
 * the test with its stack. On PostgreSQL (the surefire execution {@code postgresql}) this covers the pools and the
 * transactions: a wait for a connection or for an answer on an event loop would show. A warm-up runs first, since
 * first requests load classes on the loops (class loading waits on locks).
 */
@QuarkusTest
class EventLoopBlockingTest {

    /**
     * Waits by design: the in-memory backends serialise their work with monitors, held for the microseconds of the
     * work (a loop waits only while another runs it); a PostgreSQL-backed request never enters them. And the
     * selector's wake-up lock, which an idle loop takes when another thread hands it a task.
     */
    private static final Set<String> EXEMPT = Set.of("dev.kintoj.storage.memory.", "dev.kintoj.permission.memory.",
            "dev.kintoj.cache.memory.", "sun.nio.ch.EPollSelectorImpl",
            // Netty's own deregistration of a closing connection (AbstractUnsafe.deregister), a short lock it takes.
            "io.netty.channel.AbstractChannel$AbstractUnsafe");

    private static final int CLIENTS = 8;
    private static final int ROUNDS = 10;
    /** Requests per client and round: POST, GET, PATCH, list, batch, DELETE. */
    private static final int PER_ROUND = 6;

    private static String collection() {
        String bucket = "/v1/buckets/el" + UUID.randomUUID().toString().substring(0, 8);
        given().put(bucket).then().statusCode(201);
        given().put(bucket + "/collections/c").then().statusCode(201);
        return bucket + "/collections/c/records";
    }

    /** One client's mix of requests, {@code rounds} times; returns how many it sent. */
    private static Callable<Integer> client(String records, int n, int rounds) {
        return () -> {
            int sent = 0;
            String mine = records + "/r" + n;
            given().contentType("application/json").body("{\"data\": {\"n\": 0}}").put(mine).then().statusCode(201);
            String batch = "{\"defaults\": {\"method\": \"POST\", \"path\": \"" + records.substring(3) + "\"},"
                    + " \"requests\": [{\"body\": {\"data\": {\"b\": 1}}}, {\"body\": {\"data\": {\"b\": 2}}},"
                    + " {\"method\": \"GET\", \"path\": \"" + mine.substring(3) + "\"}]}";
            for (int round = 0; round < rounds; round++) {
                String created = given().contentType("application/json").body("{\"data\": {\"x\": 1}}").post(records)
                        .then().statusCode(201).extract().path("data.id");
                Response current = given().get(mine);
                assertEquals(200, current.statusCode());
                int status = given().contentType("application/json").header("If-Match", current.header("ETag"))
                        .body("{\"data\": {\"n\": " + sent + "}}").patch(mine).statusCode();
                assertTrue(status == 200 || status == 412, "PATCH answered " + status);
                given().get(records + "?_limit=20").then().statusCode(200);
                given().contentType("application/json").body(batch).post("/v1/batch").then().statusCode(200);
                given().delete(records + "/" + created).then().statusCode(200);
                sent += PER_ROUND;
            }
            return sent;
        };
    }

    private static int load(String records, int rounds) throws Exception {
        List<Callable<Integer>> clients = new ArrayList<>();
        for (int n = 0; n < CLIENTS; n++) {
            clients.add(client(records, n, rounds));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            int sent = 0;
            for (Future<Integer> result : pool.invokeAll(clients, 180, TimeUnit.SECONDS)) {
                sent += result.get();
            }
            return sent;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRequestsNeverBlockAnEventLoop() throws Exception {
        // Warm-up: a class's first use loads it under the class loader's lock, which another event loop may wait
        // for once; that is start-up, not blocking. The load's lists page only once the collection has grown, so
        // the warm-up pages explicitly too (a token written, then read).
        String warm = collection();
        load(warm, 1);
        String next = given().get(warm + "?_limit=1").then().statusCode(200).extract().header("Next-Page");
        assertTrue(next != null, "no Next-Page on a one-object page");
        given().urlEncodingEnabled(false).get(next).then().statusCode(200);
        try (EventLoopSampler sampler = new EventLoopSampler(EXEMPT)) {
            assertTrue(sampler.loops() > 0, "no event loop found");
            assertEquals(CLIENTS * ROUNDS * PER_ROUND, load(collection(), ROUNDS));
            assertEquals(Set.of(), sampler.waits(), "event loops waited under load");
        }
    }
}
