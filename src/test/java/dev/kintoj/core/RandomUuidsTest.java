package dev.kintoj.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the HTTP tests see of one id at a time cannot show: ids from several threads and many refills of each. */
class RandomUuidsTest {

    private static final String UUID4 = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

    @Test
    void versionFourUuidsAllDistinctAcrossThreads() throws Exception {
        int threads = 4;
        int each = 20 * RandomUuids.BATCH / 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<UUID>>> drawn = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                drawn.add(pool.submit(() -> {
                    List<UUID> uuids = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        uuids.add(RandomUuids.next());
                    }
                    return uuids;
                }));
            }
            Set<UUID> all = new HashSet<>();
            long ones = 0;
            long zeros = 0;
            for (Future<List<UUID>> future : drawn) {
                for (UUID uuid : future.get()) {
                    assertEquals(4, uuid.version(), uuid.toString());
                    assertEquals(2, uuid.variant(), uuid.toString());
                    assertTrue(uuid.toString().matches(UUID4), uuid.toString());
                    assertTrue(all.add(uuid), "drawn twice: " + uuid);
                    ones |= uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
                    zeros |= ~(uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits());
                }
            }
            assertEquals(threads * each, all.size());
            // Every bit position varies: no byte of the drawn batches is left out or repeated in place.
            assertEquals(-1L, ones);
            assertEquals(-1L, zeros);
        } finally {
            pool.shutdownNow();
        }
    }
}
