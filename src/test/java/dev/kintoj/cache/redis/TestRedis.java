package dev.kintoj.cache.redis;

import io.vertx.mutiny.core.Vertx;

import java.time.Duration;

/**
 * The Redis server of the tests: database 3 of {@code KINTOJ_TEST_REDIS_URL} (default the local server), which no
 * other test uses; every cache of the tests also has a key prefix of its own.
 */
final class TestRedis {

    static final String HOST = "127.0.0.1";
    static final int PORT = 6379;
    static final int DATABASE = 3;
    static final String URL = System.getenv().getOrDefault("KINTOJ_TEST_REDIS_URL",
            "redis://" + HOST + ":" + PORT + "/" + DATABASE);

    private static Vertx vertx;

    private TestRedis() {
    }

    static synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return vertx;
    }

    static RedisCache cache(String url, String prefix, Duration bound) {
        return new RedisCache(vertx(), url, 4, prefix, bound);
    }
}
