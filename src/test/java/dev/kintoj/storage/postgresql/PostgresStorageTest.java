package dev.kintoj.storage.postgresql;

import dev.kintoj.postgresql.TestDatabase;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.ReadonlyTimestampException;
import dev.kintoj.storage.StorageContractTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The storage contract run against the PostgreSQL backend on a real server. */
class PostgresStorageTest extends StorageContractTest {

    @Override
    protected Storage createStorage() {
        return new PostgresStorage(TestDatabase.get(), 10_000);
    }

    /** storage.md §2.6: a read-only instance never writes list timestamps (beyond the contract: memory ignores it). */
    @Test
    void readonlyInstanceServesOnlyListsAWritableInstanceInitialised() {
        PostgresStorage readonly = new PostgresStorage(TestDatabase.get(), 10_000, true);

        assertThrows(ReadonlyTimestampException.class,
                () -> readonly.resourceTimestamp(RECORD, C1).await().indefinitely());
        long fixed = storage.resourceTimestamp(RECORD, C1).await().indefinitely();
        assertEquals(fixed, readonly.resourceTimestamp(RECORD, C1).await().indefinitely());
        long written = lm(create(C2, "r1", "{}"));
        assertEquals(written, readonly.resourceTimestamp(RECORD, C2).await().indefinitely());
    }

    /**
     * storage_max_fetch_size bounds what a read returns, never what a cascade removes: deleting a container with more
     * children than the limit must leave no orphan (Kinto's delete_all has no limit unless one is given).
     */
    @Test
    void theFetchLimitBoundsReadsButNotUnlimitedDeletions() {
        PostgresStorage small = new PostgresStorage(TestDatabase.get(), 2);
        for (int i = 0; i < 7; i++) {
            create(C1, "r" + i, "{}");
        }
        assertEquals(3, small.listAll(RECORD, C1, ListQuery.ALL, false).await().indefinitely().size());

        assertEquals(7, small.deleteAll(null, C1, ListQuery.ALL, false).await().indefinitely().size());
        assertEquals(0, storage.countAll(RECORD, C1, java.util.List.of()).await().indefinitely());
    }
}
