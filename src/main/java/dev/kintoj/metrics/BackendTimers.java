package dev.kintoj.metrics;

import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The time of each call of one backend ({@code backend_<backend>_seconds{method}}), as Kinto times its backends'
 * methods: from the subscription to the result or the failure, so a call's I/O is counted, not only its assembly.
 * A measured backend holds one {@link Method} per method it times, made once: a call then finds its series without
 * a lookup.
 */
final class BackendTimers {

    private final String key;
    private final Recorder.Sink sink;

    BackendTimers(String backend, Recorder.Sink sink) {
        this.key = "backend." + backend;
        this.sink = sink;
    }

    /** The series name without prefix, as {@code prometheus_disabled_metrics} names it. */
    static String series(String backend) {
        return "backend_" + backend;
    }

    /** The timer of one method, by Kinto's name for it ({@code get_objects_permissions}). */
    Method method(String name) {
        return new Method(sink.recorder(Recorder.Kind.TIMER, key, Map.of("method", name)));
    }

    static final class Method implements TimedUni.Outcome<Object> {
        private final Recorder series;

        private Method(Recorder series) {
            this.series = series;
        }

        <T> Uni<T> time(Supplier<Uni<T>> call) {
            return new TimedUni<>(call, this);
        }

        /** A timer that records each call in this method's series and in {@code other}'s. */
        Method and(Method other) {
            return new Method(series.and(other.series));
        }

        /** Records a call that took {@code nanos}, whatever its outcome. */
        @Override
        public void done(Object item, Throwable failure, long nanos) {
            series.record(nanos);
        }
    }
}
