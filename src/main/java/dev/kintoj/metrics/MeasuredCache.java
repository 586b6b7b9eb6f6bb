package dev.kintoj.metrics;

import dev.kintoj.cache.Cache;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A cache backend whose calls are timed ({@code backend_cache_seconds}, labelled by method) and whose reads are
 * counted as {@code cache_hits} or {@code cache_misses}. Without timers ({@code backend_cache} in
 * {@code prometheus_disabled_metrics}) only the reads are counted.
 */
final class MeasuredCache implements Cache, AutoCloseable {

    private final Cache cache;
    // Each null when the cache's calls are not timed.
    private final BackendTimers.Method set;
    private final BackendTimers.Method get;
    private final BackendTimers.Method delete;
    private final BackendTimers.Method flush;
    private final BackendTimers.Method healthy;
    private final Recorder hits;
    private final Recorder misses;
    private final TimedUni.Outcome<Optional<String>> read = this::read;

    MeasuredCache(Cache cache, BackendTimers timers, Recorder.Sink sink) {
        this.cache = cache;
        this.set = timers == null ? null : timers.method("set");
        this.get = timers == null ? null : timers.method("get");
        this.delete = timers == null ? null : timers.method("delete");
        this.flush = timers == null ? null : timers.method("flush");
        this.healthy = timers == null ? null : timers.method("healthy");
        this.hits = sink.recorder(Recorder.Kind.COUNTER, "cache_hits", Map.of());
        this.misses = sink.recorder(Recorder.Kind.COUNTER, "cache_misses", Map.of());
    }

    @Override
    public Uni<Void> set(String key, String value, Duration ttl) {
        return set == null ? cache.set(key, value, ttl) : set.time(() -> cache.set(key, value, ttl));
    }

    @Override
    public Uni<Optional<String>> get(String key) {
        return new TimedUni<>(() -> cache.get(key), read);
    }

    /** A read's outcome: its time (whether it failed or not, as any backend call) and, when it answered, hit or miss. */
    private void read(Optional<String> value, Throwable failure, long nanos) {
        if (get != null) {
            get.done(value, failure, nanos);
        }
        if (failure == null) {
            (value.isPresent() ? hits : misses).record(1);
        }
    }

    @Override
    public Uni<Boolean> delete(String key) {
        return delete == null ? cache.delete(key) : delete.time(() -> cache.delete(key));
    }

    @Override
    public Uni<Void> flush() {
        return flush == null ? cache.flush() : flush.time(cache::flush);
    }

    @Override
    public Uni<Boolean> healthy() {
        return healthy == null ? cache.healthy() : healthy.time(cache::healthy);
    }

    /** Closes the measured cache's connections (the producer's disposer only sees this decorator). */
    @Override
    public void close() throws Exception {
        if (cache instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
