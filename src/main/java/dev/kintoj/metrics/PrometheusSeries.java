package dev.kintoj.metrics;

import dev.kintoj.config.WhitespaceList;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.micrometer.runtime.MeterFilterConstraint;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;

/**
 * How Kinto's meters appear in the Prometheus registry: named with {@code prometheus_prefix}, without the series of
 * {@code prometheus_disabled_metrics}, timers as histograms with the buckets of {@code prometheus_histogram_buckets}.
 * Quarkus applies it when it creates the registry; other meters (JVM, process, pools) keep their names.
 */
public final class PrometheusSeries implements MeterFilter {

    private final String prefix;
    private final Set<String> disabled;
    private final double[] bucketNanos;

    PrometheusSeries(String prefix, List<String> disabled, double[] bucketNanos) {
        this.prefix = prefix;
        this.disabled = Set.copyOf(disabled);
        this.bucketNanos = bucketNanos;
    }

    @Singleton
    static class Producer {
        @Produces
        @Singleton
        @MeterFilterConstraint(applyTo = PrometheusMeterRegistry.class)
        MeterFilter kintoSeries(MetricsSettings settings) {
            return new PrometheusSeries(prefix(settings), WhitespaceList.split(settings.prometheusDisabledMetrics().orElse("")),
                    buckets(settings.prometheusHistogramBuckets()));
        }
    }

    /** Kinto's: the project name, dashes, dots and spaces turned into underscores. */
    static String prefix(MetricsSettings settings) {
        String prefix = settings.prometheusPrefix().orElse(settings.projectName() + "_");
        return prefix.replace('-', '_').replace('.', '_').replace(' ', '_');
    }

    /** The bounds in nanoseconds, the unit of Micrometer's timer histograms. */
    static double[] buckets(String setting) {
        List<String> bounds = WhitespaceList.split(setting);
        return bounds.stream()
                .filter(b -> !b.equalsIgnoreCase("inf") && !b.equalsIgnoreCase("+inf"))
                .mapToDouble(b -> {
                    try {
                        return Math.rint(Double.parseDouble(b) * 1e9);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Setting prometheus_histogram_buckets: " + b + " is not a number");
                    }
                })
                .sorted().toArray();
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        return name.startsWith(KintoMeters.BASE) ? id.withName(prefix + name.substring(KintoMeters.BASE.length())) : id;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        String name = id.getName();
        // Our names keep Kinto's dots (backend.storage) until Micrometer's naming turns them into underscores.
        if (name.startsWith(prefix) && disabled.contains(name.substring(prefix.length()).replace('.', '_'))) {
            return MeterFilterReply.DENY;
        }
        return MeterFilterReply.NEUTRAL;
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith(prefix)) {
            return config;
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(bucketNanos).build().merge(config);
    }
}
