package dev.kintoj.cache.redis;

import dev.kintoj.TcpForwarder;
import dev.kintoj.storage.BackendException;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis cache loses its server (through a TCP forwarder the test cuts or freezes): every operation fails fast
 * with a backend failure (503 errno 201 for the request), the health check says so, and the same cache object works
 * again as soon as Redis answers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisCacheOutageTest {

    private static final Duration BOUND = Duration.ofMillis(800);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private TcpForwarder forwarder;
    private RedisCache cache;

    @BeforeEach
    void start() throws Exception {
        forwarder = new TcpForwarder(TestRedis.HOST, TestRedis.PORT);
        cache = TestRedis.cache("redis://127.0.0.1:" + forwarder.port() + "/" + TestRedis.DATABASE,
                "kintoj-test-outage:", BOUND);
        // A cold client (the test alone in its JVM) may take longer than the bound to connect the first time.
        awaitRecovery(cache.set("kept", "v", MINUTE));
    }

    @AfterEach
    void stop() throws Exception {
        cache.close();
        forwarder.close();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void unreachableRedisFailsFastAndIsUsedAgainWhenBack() throws Exception {
        forwarder.cut();

        assertFailsFast(cache.get("kept"));
        assertFailsFast(cache.set("k", "v", MINUTE));
        assertFailsFast(cache.delete("kept"));
        assertFalse(await(cache.healthy()));

        forwarder.restore();

        assertEquals(Optional.of("v"), awaitRecovery(cache.get("kept")));
        assertTrue(await(cache.healthy()));
        await(cache.set("k", "after", MINUTE));
        assertEquals(Optional.of("after"), await(cache.get("k")));
    }

    @Test
    void redisThatStopsAnsweringFailsWithinTheBound() throws Exception {
        forwarder.freeze();

        assertFailsFast(cache.get("kept"));
        assertFailsFast(cache.set("k", "v", MINUTE));
        assertFalse(await(cache.healthy()));

        forwarder.thaw();

        assertEquals(Optional.of("v"), awaitRecovery(cache.get("kept")));
        assertTrue(await(cache.healthy()));
    }

    private static void assertFailsFast(Uni<?> operation) {
        long start = System.nanoTime();
        Throwable failure = assertThrows(Throwable.class, () -> await(operation));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(BackendException.class, failure, String.valueOf(failure));
        assertTrue(millis < BOUND.toMillis() + 700, "failed after " + millis + " ms");
    }

    private static <T> T awaitRecovery(Uni<T> operation) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return await(operation);
            } catch (BackendException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
