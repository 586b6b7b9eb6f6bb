package dev.kintoj.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kinto's series as the meters of a Micrometer registry ({@link StatsdRegistry}): named by Kinto's key, the labels as
 * tags, timers as timers, counts as counters, observed amounts as distribution summaries.
 */
final class MicrometerSeries implements Recorder.Sink {

    private final MeterRegistry registry;

    MicrometerSeries(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Recorder recorder(Recorder.Kind kind, String key, Map<String, String> labels) {
        Tags tags = Tags.of(labels.entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList());
        return switch (kind) {
            case TIMER -> {
                Timer timer = Timer.builder(key).tags(tags).register(registry);
                yield nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
            }
            case COUNTER -> {
                Counter counter = Counter.builder(key).tags(tags).register(registry);
                yield counter::increment;
            }
            case SUMMARY -> {
                DistributionSummary summary = DistributionSummary.builder(key).tags(tags).register(registry);
                yield summary::record;
            }
        };
    }
}
