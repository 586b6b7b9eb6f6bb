package dev.kintoj.postgresql;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The PostgreSQL pool's maximum from Kinto's settings and the event loops (README, PostgreSQL). */
class PoolSizingTest {

    @Test
    void kintosPoolSizeAndOverflowTogetherAreTheMaximum() {
        assertEquals(35, PoolSizing.maxSize(PoolSizing.DEFAULT_POOL_SIZE, PoolSizing.DEFAULT_MAX_OVERFLOW, 4));
        assertEquals(5, PoolSizing.maxSize(5, 0, 4));
    }

    @Test
    void neverFewerConnectionsThanEventLoops() {
        assertEquals(16, PoolSizing.maxSize(2, 1, 16));
        assertEquals(4, PoolSizing.maxSize(0, -3, 4));
    }

    @Test
    void theEventLoopsAreQuarkusSettingElseTwoPerCore() {
        assertEquals(6, PoolSizing.eventLoops(Optional.of(6)));
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(2 * cores, PoolSizing.eventLoops(Optional.empty()));
        assertEquals(2 * cores, PoolSizing.eventLoops(Optional.of(0)));
    }
}
