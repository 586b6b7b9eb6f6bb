package dev.kintoj.storage.postgresql;

import dev.kintoj.postgresql.TestDatabase;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.StorageContractTest;

/** The storage contract run against the PostgreSQL backend on a real server. */
class PostgresStorageTest extends StorageContractTest {

    @Override
    protected Storage createStorage() {
        return new PostgresStorage(TestDatabase.get(), 10_000);
    }
}
