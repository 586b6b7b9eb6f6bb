package dev.kintoj.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The time of each call of one backend ({@code backend_<backend>_seconds{method}}), as Kinto times its backends'
 * methods: from the subscription to the result or the failure, so a call's I/O is counted, not only its assembly.
 */
final class BackendTimers {

    private final String name;
    private final MeterRegistry registry;
    // Registered at first call, not at startup: the backends are built before Quarkus has given the registry our
    // MeterFilter (PrometheusSeries) in the native binary, and a meter registered earlier keeps its neutral name.
    // One per method, holding its timer: a call then costs one map lookup with a constant key.
    private final Map<String, TimedUni.Outcome<Object>> outcomes = new ConcurrentHashMap<>();

    BackendTimers(String backend, MeterRegistry registry) {
        this.name = KintoMeters.BASE + "backend." + backend;
        this.registry = registry;
    }

    /** The series name without prefix, as {@code prometheus_disabled_metrics} names it. */
    static String series(String backend) {
        return "backend_" + backend;
    }

    <T> Uni<T> time(String method, Supplier<Uni<T>> call) {
        return new TimedUni<>(call, outcome(method));
    }

    /** Records a call of {@code method} that took {@code nanos}, whatever its outcome. */
    void record(String method, long nanos) {
        outcome(method).done(null, null, nanos);
    }

    private TimedUni.Outcome<Object> outcome(String method) {
        TimedUni.Outcome<Object> outcome = outcomes.get(method);
        return outcome != null ? outcome : outcomes.computeIfAbsent(method, this::register);
    }

    private TimedUni.Outcome<Object> register(String method) {
        Timer timer = Timer.builder(name).tag("method", method).register(registry);
        return (item, failure, nanos) -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
