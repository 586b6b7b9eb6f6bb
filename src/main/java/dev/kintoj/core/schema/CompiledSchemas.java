package dev.kintoj.core.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compiled schemas by the object holding them, its field and its {@code last_modified}: a schema changes only
 * with its object's timestamp, so an entry never goes stale, and a schema is compiled once, not per request.
 * Bounded: the least recently used entry goes first.
 */
final class CompiledSchemas {

    /** equals and hashCode written out, as in {@link dev.kintoj.storage.Storage.Key}. */
    private record Key(String objectUri, String field, long lastModified) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && lastModified == key.lastModified
                    && Objects.equals(objectUri, key.objectUri) && Objects.equals(field, key.field);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(objectUri) * 31 + Objects.hashCode(field)) * 31 + Long.hashCode(lastModified);
        }
    }

    private final Map<Key, CompiledSchema> entries;

    CompiledSchemas(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, CompiledSchema> eldest) {
                return size() > capacity;
            }
        };
    }

    CompiledSchema get(String objectUri, String field, long lastModified, JsonNode schema, Set<String> ignored) {
        Key key = new Key(objectUri, field, lastModified);
        synchronized (entries) {
            CompiledSchema known = entries.get(key);
            if (known != null) {
                return known;
            }
        }
        // Compiled outside the lock: two first requests may both compile, which is harmless.
        CompiledSchema compiled = CompiledSchema.compile(schema, ignored);
        synchronized (entries) {
            CompiledSchema raced = entries.putIfAbsent(key, compiled);
            return raced != null ? raced : compiled;
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
