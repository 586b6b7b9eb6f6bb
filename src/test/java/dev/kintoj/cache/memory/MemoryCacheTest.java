package dev.kintoj.cache.memory;

import dev.kintoj.cache.Cache;
import dev.kintoj.cache.CacheContractTest;

/** The cache contract run against the in-memory backend. */
class MemoryCacheTest extends CacheContractTest {
    @Override
    protected Cache createCache(String prefix) {
        return new MemoryCache(prefix);
    }
}
