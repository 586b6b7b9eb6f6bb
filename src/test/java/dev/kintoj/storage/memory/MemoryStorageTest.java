package dev.kintoj.storage.memory;

import dev.kintoj.storage.Storage;
import dev.kintoj.storage.StorageContractTest;

/** The storage contract run against the in-memory backend. */
class MemoryStorageTest extends StorageContractTest {

    @Override
    protected Storage createStorage() {
        return new MemoryStorage();
    }
}
