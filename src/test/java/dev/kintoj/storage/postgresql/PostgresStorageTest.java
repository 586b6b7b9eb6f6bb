package dev.kintoj.storage.postgresql;

import dev.kintoj.postgresql.TestDatabase;
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
}
