package dev.kintoj.cache.redis;

import dev.kintoj.cache.Cache;
import dev.kintoj.cache.CacheContractTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache contract run against the Redis backend on a real server (database 3, keys under {@code kintoj-test:}),
 * and what is Redis's own: keys and expiries as kinto-redis lays them out, flush limited to the prefix.
 */
class RedisCacheTest extends CacheContractTest {

    private static final String BASE = "kintoj-test:";
    private final List<RedisCache> opened = new ArrayList<>();

    @Override
    protected Cache createCache(String prefix) {
        RedisCache cache = TestRedis.cache(TestRedis.URL, BASE + prefix, Duration.ofSeconds(2));
        opened.add(cache);
        return cache;
    }

    @AfterEach
    void closeCaches() {
        opened.forEach(RedisCache::close);
    }

    private static Response redis(Request request) {
        Redis client = Redis.createClient(TestRedis.vertx(), TestRedis.URL);
        try {
            return client.send(request).await().atMost(Duration.ofSeconds(5));
        } finally {
            client.close();
        }
    }

    @Test
    void keysArePrefixedAndExpireInRedisItself() {
        await(cache.set("pagination-token:n1", "1", Duration.ofSeconds(30)));

        assertEquals("1", redis(Request.cmd(Command.GET).arg(BASE + "pagination-token:n1")).toString());
        long ttl = redis(Request.cmd(Command.PTTL).arg(BASE + "pagination-token:n1")).toLong();
        assertTrue(ttl > 25_000 && ttl <= 30_000, "PTTL " + ttl);
    }

    @Test
    void aTtlOfZeroLeavesNoKey() {
        await(cache.set("k", "v", Duration.ofMinutes(1)));
        await(cache.set("k", "v", Duration.ZERO));

        assertEquals(Optional.empty(), await(cache.get("k")));
        assertEquals(0, redis(Request.cmd(Command.EXISTS).arg(BASE + "k")).toInteger());
    }

    @Test
    void flushWithAPrefixKeepsOtherKeysOfTheDatabase() {
        String stranger = "kintoj-test-stranger:" + System.nanoTime();
        redis(Request.cmd(Command.SET).arg(stranger).arg("kept").arg("PX").arg(60_000));
        Cache globby = createCache("a*[b]?\\");
        await(globby.set("k", "v", Duration.ofMinutes(1)));
        Cache other = createCache("a-b-");
        await(other.set("k", "other", Duration.ofMinutes(1)));
        for (int i = 0; i < 1200; i++) {
            await(cache.set("many:" + i, "v", Duration.ofMinutes(1)));
        }

        await(globby.flush());
        assertEquals(Optional.empty(), await(globby.get("k")));
        assertEquals(Optional.of("other"), await(other.get("k")), "the prefix's glob characters are literal");

        await(cache.flush());
        assertEquals(Optional.empty(), await(other.get("k")));
        assertEquals(Optional.empty(), await(cache.get("many:1199")));
        assertEquals("kept", redis(Request.cmd(Command.GET).arg(stranger)).toString());
        redis(Request.cmd(Command.DEL).arg(stranger));
    }

    @Test
    void withoutAPrefixFlushEmptiesTheDatabaseAsKintoRedisDoes() {
        Cache unprefixed = TestRedis.cache(TestRedis.URL, "", Duration.ofSeconds(2));
        try {
            await(cache.set("k", "v", Duration.ofMinutes(1)));
            await(unprefixed.set("plain", "v", Duration.ofMinutes(1)));

            await(unprefixed.flush());

            assertEquals(0, redis(Request.cmd(Command.DBSIZE)).toInteger());
        } finally {
            ((RedisCache) unprefixed).close();
        }
    }

    @Test
    void aCacheUrlThatIsNotRedisIsRefusedWithoutItsPassword() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TestRedis.cache("postgresql://kinto:s3cret@db/kinto", "", Duration.ofSeconds(1)));

        assertTrue(refused.getMessage().contains("cache_url must be a redis:// or rediss:// URL"), refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    }
}
