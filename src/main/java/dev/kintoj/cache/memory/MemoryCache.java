package dev.kintoj.cache.memory;

import dev.kintoj.cache.Cache;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** In-memory cache; expired keys are dropped when read, and swept when the map grows. */
public class MemoryCache implements Cache {

    private record Entry(String value, long expiresAt) {
    }

    private static final int SWEEP_THRESHOLD = 10_000;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final String prefix;

    public MemoryCache(String prefix) {
        this(prefix, System::currentTimeMillis);
    }

    MemoryCache(String prefix, LongSupplier clock) {
        this.prefix = prefix == null ? "" : prefix;
        this.clock = clock;
    }

    @Override
    public Uni<Void> set(String key, String value, Duration ttl) {
        return Uni.createFrom().item(() -> {
            if (entries.size() > SWEEP_THRESHOLD) {
                long now = clock.getAsLong();
                entries.values().removeIf(e -> e.expiresAt() <= now);
            }
            entries.put(prefix + key, new Entry(value, clock.getAsLong() + ttl.toMillis()));
            return null;
        });
    }

    @Override
    public Uni<Optional<String>> get(String key) {
        return Uni.createFrom().item(() -> Optional.ofNullable(live(prefix + key)).map(Entry::value));
    }

    @Override
    public Uni<Boolean> delete(String key) {
        return Uni.createFrom().item(() -> {
            Entry removed = entries.remove(prefix + key);
            return removed != null && removed.expiresAt() > clock.getAsLong();
        });
    }

    private Entry live(String key) {
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresAt() <= clock.getAsLong()) {
            entries.remove(key, entry);
            return null;
        }
        return entry;
    }

    @Override
    public Uni<Void> flush() {
        return Uni.createFrom().item(() -> {
            entries.clear();
            return null;
        });
    }

    @Override
    public Uni<Boolean> healthy() {
        return Uni.createFrom().item(Boolean.TRUE);
    }
}
