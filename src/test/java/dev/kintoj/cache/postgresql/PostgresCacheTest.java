package dev.kintoj.cache.postgresql;

import dev.kintoj.cache.Cache;
import dev.kintoj.cache.CacheContractTest;
import dev.kintoj.postgresql.TestDatabase;

/** The cache contract run against the PostgreSQL backend on a real server. */
class PostgresCacheTest extends CacheContractTest {
    @Override
    protected Cache createCache(String prefix) {
        return new PostgresCache(TestDatabase.get(), prefix);
    }
}
