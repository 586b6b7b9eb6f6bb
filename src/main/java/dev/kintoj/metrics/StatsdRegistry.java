package dev.kintoj.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeCounter;
import io.micrometer.core.instrument.cumulative.CumulativeDistributionSummary;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The registry of {@code kinto.plugins.statsd}: every update of one of Kinto's meters becomes one StatsD line, as
 * Kinto's StatsD client sends one per call (plugins.md §7.2). The key is the prefix, the series name and each label
 * as {@code .<label>.<value>} (labels in Micrometer's order: by name); counters are sent as {@code |c}, timers in
 * milliseconds as {@code |ms}, the response sizes as {@code |g} (Kinto's {@code observe}).
 *
 * <p>Our own registry rather than Micrometer's {@code micrometer-registry-statsd}: that one shades Reactor Netty,
 * which the native build cannot link (README), and its publishing pipeline is more than a line per update needs.
 * Each meter encodes its key once, when it is registered; an update then costs one small object and a non-blocking
 * queue offer, the line being written by the sender's thread ({@link StatsdSender}). Meters stay cumulative so that the Micrometer API (count,
 * totals) answers as usual. Only Kinto's meters are registered here: Quarkus does not know this registry, so the
 * JVM and pool series stay with Prometheus.
 */
final class StatsdRegistry extends SimpleMeterRegistry {

    private final String prefix;
    private final StatsdSender sender;

    StatsdRegistry(String prefix, StatsdSender sender) {
        super(SimpleConfig.DEFAULT, Clock.SYSTEM);
        this.prefix = prefix;
        this.sender = sender;
    }

    /**
     * The prefix of the keys: {@code statsd_prefix} when set, else the project name. Kinto prefers a non-empty
     * project name even when {@code statsd_prefix} is set, which leaves that setting without effect (README).
     */
    static String prefix(MetricsSettings settings) {
        return settings.statsdPrefix().orElse(settings.projectName());
    }

    /** The key of a meter: {@code <prefix>.<series>[.<label>.<value>]…}. */
    String key(Meter.Id id) {
        String name = id.getName();
        StringBuilder key = new StringBuilder(prefix).append('.').append(name);
        for (Tag tag : id.getTagsAsIterable()) {
            key.append('.').append(tag.getKey()).append('.').append(sanitize(tag.getValue()));
        }
        return key.toString();
    }

    /**
     * A label value without the characters of the line format: Kinto removes {@code :} (Telegraf rejects it), we also
     * remove {@code |}, {@code @}, {@code #} and line breaks, which would cut or corrupt the line.
     */
    static String sanitize(String value) {
        StringBuilder clean = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean reserved = c == ':' || c == '|' || c == '@' || c == '#' || c == '\n' || c == '\r';
            if (reserved && clean == null) {
                clean = new StringBuilder(value.length()).append(value, 0, i);
            } else if (!reserved && clean != null) {
                clean.append(c);
            }
        }
        return clean == null ? value : clean.toString();
    }

    /** Milliseconds with three decimals, without the exponent notation {@link Double#toString} uses below 0.001. */
    static String millis(long nanos) {
        return appendMillis(new StringBuilder(), nanos).toString();
    }

    static StringBuilder appendMillis(StringBuilder out, long nanos) {
        long micros = nanos / 1000;
        long fraction = micros % 1000;
        return out.append(micros / 1000).append(fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".").append(fraction);
    }

    static String number(double amount) {
        return appendNumber(new StringBuilder(), amount).toString();
    }

    static StringBuilder appendNumber(StringBuilder out, double amount) {
        return amount == Math.rint(amount) && Math.abs(amount) < 1e15 ? out.append((long) amount) : out.append(amount);
    }

    /** The start of a meter's lines, {@code <key>:}, encoded once. */
    private byte[] start(Meter.Id id) {
        return (key(id) + ":").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected Counter newCounter(Meter.Id id) {
        byte[] start = start(id);
        return new CumulativeCounter(id) {
            @Override
            public void increment(double amount) {
                super.increment(amount);
                sender.send(new StatsdSender.Update(start, StatsdSender.COUNT, 0, amount));
            }
        };
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
        byte[] start = start(id);
        return new CumulativeTimer(id, clock, config, pauseDetector, getBaseTimeUnit(), false) {
            @Override
            protected void recordNonNegative(long amount, TimeUnit unit) {
                super.recordNonNegative(amount, unit);
                sender.send(new StatsdSender.Update(start, StatsdSender.MILLIS, unit.toNanos(amount), 0));
            }
        };
    }

    @Override
    protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig config, double scale) {
        byte[] start = start(id);
        return new CumulativeDistributionSummary(id, clock, config, scale, false) {
            @Override
            protected void recordNonNegative(double amount) {
                super.recordNonNegative(amount);
                sender.send(new StatsdSender.Update(start, StatsdSender.GAUGE, 0, amount));
            }
        };
    }

    @Override
    public void close() {
        super.close();
        sender.close();
    }
}
