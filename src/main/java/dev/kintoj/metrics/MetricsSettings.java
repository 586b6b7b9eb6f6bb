package dev.kintoj.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The settings of {@code kinto.plugins.prometheus} and {@code kinto.plugins.statsd} (settings.md), by Kinto's names. */
@ConfigMapping(prefix = "kinto", namingStrategy = ConfigMapping.NamingStrategy.SNAKE_CASE)
public interface MetricsSettings {

    @WithDefault("kinto")
    String projectName();

    /** Prepended to every series name; the project name (plus {@code _}) when unset. */
    Optional<String> prometheusPrefix();

    /** Series names (without prefix) that are not recorded. */
    Optional<String> prometheusDisabledMetrics();

    /** Whether each counter, histogram and summary also has its {@code _created} series (Kinto's default: yes). */
    @WithDefault("true")
    boolean prometheusCreatedMetricsEnabled();

    /** Upper bounds in seconds of the histograms' buckets; {@code Inf} is implicit and may be written. */
    @WithDefault("0.01 0.05 0.1 0.5 1.0 3.0 6.0 Inf")
    String prometheusHistogramBuckets();

    /**
     * The URL parts that become labels of the request series. Kinto's default also has {@code record_id}, which makes
     * one series per record: ours leaves it out so that the number of series stays bounded (README).
     */
    @WithDefault("bucket_id collection_id group_id")
    String metricsMatchdictFields();

    /** Where {@code kinto.plugins.statsd} sends its lines: {@code udp://host:port}. */
    Optional<String> statsdUrl();

    /** The StatsD key prefix; the project name when unset (see {@link StatsdRegistry#prefix}). */
    Optional<String> statsdPrefix();
}
