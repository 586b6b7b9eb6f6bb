package dev.kintoj.cache;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache SPI contract (storage.md §5); every backend's test extends this class unchanged. */
public abstract class CacheContractTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    protected Cache cache;

    /** A cache whose keys are prefixed with {@code prefix}; all caches of one test share their store. */
    protected abstract Cache createCache(String prefix);

    @BeforeEach
    void freshCache() {
        cache = createCache("");
        await(cache.flush());
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().indefinitely();
    }

    @Test
    void storedValuesAreReadBackUntilDeleted() {
        await(cache.set("token:1", "{\"a\": 1}", MINUTE));

        assertEquals(Optional.of("{\"a\": 1}"), await(cache.get("token:1")));
        assertEquals(Optional.empty(), await(cache.get("token:2")));
        assertTrue(await(cache.delete("token:1")));
        assertEquals(Optional.empty(), await(cache.get("token:1")));
        assertFalse(await(cache.delete("token:1")), "a key is consumed once");
    }

    @Test
    void settingAgainReplacesTheValueAndTheExpiry() throws InterruptedException {
        await(cache.set("k", "old", Duration.ofMillis(300)));
        await(cache.set("k", "new", MINUTE));
        Thread.sleep(500);

        assertEquals(Optional.of("new"), await(cache.get("k")));
    }

    @Test
    void expiredKeysAreNeitherReadNorConsumed() throws InterruptedException {
        await(cache.set("short", "v", Duration.ofMillis(200)));
        await(cache.set("long", "v", MINUTE));
        Thread.sleep(500);

        assertEquals(Optional.empty(), await(cache.get("short")));
        assertFalse(await(cache.delete("short")));
        assertEquals(Optional.of("v"), await(cache.get("long")));
    }

    @Test
    void prefixesSeparateCachesSharingAStore() {
        Cache other = createCache("other-");
        await(cache.set("k", "mine", MINUTE));
        await(other.set("k", "theirs", MINUTE));

        assertEquals(Optional.of("mine"), await(cache.get("k")));
        assertEquals(Optional.of("theirs"), await(other.get("k")));
        assertTrue(await(other.delete("k")));
        assertEquals(Optional.of("mine"), await(cache.get("k")));
    }

    @Test
    void valuesKeepEveryCharacter() {
        String value = "{\"name\": \"Zoë ✓ 𝄞\", \"quote\": \"it's \\\"fine\\\"\", \"nl\": \"a\\nb\"}";
        await(cache.set("unicode", value, MINUTE));

        assertEquals(Optional.of(value), await(cache.get("unicode")));
    }

    @Test
    void flushForgetsEverythingAndTheBackendIsHealthy() {
        await(cache.set("a", "1", MINUTE));
        await(cache.flush());

        assertEquals(Optional.empty(), await(cache.get("a")));
        assertTrue(await(cache.healthy()));
    }
}
