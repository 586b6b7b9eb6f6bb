package dev.kintoj.metrics;

import java.util.Map;

/**
 * One of Kinto's series with its label values, as every included plugin records it: a time in nanoseconds (a
 * {@link Kind#TIMER}), an increment (a {@link Kind#COUNTER}) or an amount (a {@link Kind#SUMMARY}).
 */
@FunctionalInterface
interface Recorder {

    /** What a disabled series records. */
    Recorder NONE = value -> { };

    /** How each registry shows a series, as Kinto's metrics service calls them: timer, count, observe. */
    enum Kind { TIMER, COUNTER, SUMMARY }

    /** Where a plugin records series: the Prometheus client ({@link PrometheusFamilies}), a Micrometer registry. */
    @FunctionalInterface
    interface Sink {
        /**
         * The recorder of series {@code key} (Kinto's key, dotted like its StatsD keys: {@code backend.storage}) with
         * these labels; a recorder is made once per series and kept, not asked for on every measurement.
         */
        Recorder recorder(Kind kind, String key, Map<String, String> labels);
    }

    void record(long value);

    /** This recorder, then {@code other}. */
    default Recorder and(Recorder other) {
        if (this == NONE) {
            return other;
        }
        return other == NONE ? this : value -> {
            record(value);
            other.record(value);
        };
    }
}
