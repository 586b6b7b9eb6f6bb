package dev.kintoj.metrics;

import dev.kintoj.cache.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Optional;

/**
 * A cache backend whose calls are timed ({@code backend_cache_seconds}, labelled by method) and whose reads are
 * counted as {@code cache_hits} or {@code cache_misses}. Without timers ({@code backend_cache} in
 * {@code prometheus_disabled_metrics}) only the reads are counted.
 */
final class MeasuredCache implements Cache, AutoCloseable {

    private final Cache cache;
    private final BackendTimers timers;
    private final MeterRegistry registry;
    private volatile Counter hits;
    private volatile Counter misses;
    private final TimedUni.Outcome<Optional<String>> read = this::read;

    MeasuredCache(Cache cache, BackendTimers timers, MeterRegistry registry) {
        this.cache = cache;
        this.timers = timers;
        this.registry = registry;
    }

    @Override
    public Uni<Void> set(String key, String value, Duration ttl) {
        return timers == null ? cache.set(key, value, ttl) : timers.time("set", () -> cache.set(key, value, ttl));
    }

    @Override
    public Uni<Optional<String>> get(String key) {
        return new TimedUni<>(() -> cache.get(key), read);
    }

    /** A read's outcome: its time (whether it failed or not, as any backend call) and, when it answered, hit or miss. */
    private void read(Optional<String> value, Throwable failure, long nanos) {
        if (timers != null) {
            timers.record("get", nanos);
        }
        if (failure == null) {
            (value.isPresent() ? hits() : misses()).increment();
        }
    }

    @Override
    public Uni<Boolean> delete(String key) {
        return timers == null ? cache.delete(key) : timers.time("delete", () -> cache.delete(key));
    }

    @Override
    public Uni<Void> flush() {
        return timers == null ? cache.flush() : timers.time("flush", cache::flush);
    }

    @Override
    public Uni<Boolean> healthy() {
        return timers == null ? cache.healthy() : timers.time("healthy", cache::healthy);
    }

    /** Closes the measured cache's connections (the producer's disposer only sees this decorator). */
    @Override
    public void close() throws Exception {
        if (cache instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    // Registered at first use for the reason BackendTimers gives.
    private Counter hits() {
        Counter counter = hits;
        if (counter == null) {
            counter = Counter.builder(KintoMeters.BASE + "cache_hits").register(registry);
            hits = counter;
        }
        return counter;
    }

    private Counter misses() {
        Counter counter = misses;
        if (counter == null) {
            counter = Counter.builder(KintoMeters.BASE + "cache_misses").register(registry);
            misses = counter;
        }
        return counter;
    }
}
