package dev.kintoj.metrics;

import dev.kintoj.config.WhitespaceList;
import io.prometheus.client.Collector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Kinto's series in Prometheus, as Kinto's prometheus plugin makes them with the Python client: timers are
 * histograms in seconds with the buckets of {@code prometheus_histogram_buckets}, counts are counters, observed
 * amounts (response sizes) summaries; named with {@code prometheus_prefix}; the series of
 * {@code prometheus_disabled_metrics} are not recorded; each has its {@code _created} series unless
 * {@code prometheus_created_metrics_enabled} is false. A series appears once it has recorded something (a backend
 * method never called has none), as with Kinto's client.
 *
 * <p>This collector is registered in the Prometheus client registry that Quarkus' Prometheus meter registry scrapes,
 * so {@code /v1/__metrics__} and {@code /q/metrics} show Kinto's series beside the JVM and pool meters, written by the
 * client's exposition format. The series themselves are ours, not Micrometer meters nor the client's: a Micrometer
 * timer also keeps a decaying maximum and a rotating histogram, reading the clock and updating atomics that both event
 * loops share on every record, and the client's adders find their stripe through a thread local; a series here
 * adds to two of its thread's own cells per record ({@link ThreadCells}) and nothing else. Scrapes do the summing.
 */
final class PrometheusFamilies extends Collector implements Recorder.Sink {

    private static final String CREATED = "_created";
    private static final double NANOS = 1e9;

    private final String prefix;
    private final Set<String> disabled;
    private final double[] bounds;
    private final long[] boundNanos;
    private final boolean created;
    // By name, so that scrapes list them in order; only the making of a series looks here.
    private final Map<String, Family> families = new ConcurrentSkipListMap<>();
    private final ThreadCells cells = new ThreadCells();

    PrometheusFamilies(String prefix, Collection<String> disabled, double[] bounds, boolean created) {
        this.prefix = prefix;
        this.disabled = Set.copyOf(disabled);
        this.bounds = bounds.clone();
        this.boundNanos = new long[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            boundNanos[i] = Math.round(bounds[i] * NANOS);
        }
        this.created = created;
    }

    /** Kinto's: the project name, dashes, dots and spaces turned into underscores. */
    static String prefix(MetricsSettings settings) {
        String prefix = settings.prometheusPrefix().orElse(settings.projectName() + "_");
        return prefix.replace('-', '_').replace('.', '_').replace(' ', '_');
    }

    /** The finite upper bounds in seconds, increasing; {@code +Inf} is always the last bucket. */
    static double[] buckets(String setting) {
        double[] bounds = WhitespaceList.split(setting).stream()
                .filter(b -> !b.equalsIgnoreCase("inf") && !b.equalsIgnoreCase("+inf"))
                .mapToDouble(b -> {
                    try {
                        return Double.parseDouble(b);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Setting prometheus_histogram_buckets: " + b + " is not a number");
                    }
                })
                .sorted().toArray();
        for (int i = 1; i < bounds.length; i++) {
            if (bounds[i] == bounds[i - 1]) {
                throw new IllegalArgumentException("Setting prometheus_histogram_buckets: " + bounds[i] + " is given twice");
            }
        }
        return bounds;
    }

    @Override
    public Recorder recorder(Recorder.Kind kind, String key, Map<String, String> labels) {
        String series = key.replace('.', '_').replace('-', '_').replace(' ', '_');  // Kinto's _fix_metric_name
        if (disabled.contains(series)) {
            return Recorder.NONE;
        }
        String name = prefix + series + (kind == Recorder.Kind.TIMER ? "_seconds" : "");
        // Labels in name order, as Micrometer wrote them before: scrapes stay comparable line by line.
        TreeMap<String, String> sorted = new TreeMap<>(labels);
        List<String> labelNames = List.copyOf(sorted.keySet());
        Family family = families.computeIfAbsent(name, n -> new Family(kind, n, labelNames));
        if (family.kind != kind || !family.labelNames.equals(labelNames)) {
            // Kinto's client refuses it the same way: one family, one type and one set of labels.
            throw new IllegalStateException("Metric " + name + " already exists as a " + family.kind + " with labels "
                    + family.labelNames);
        }
        long[] seriesBounds = kind == Recorder.Kind.TIMER ? boundNanos : new long[0];
        return family.series.computeIfAbsent(List.copyOf(sorted.values()),
                values -> new Series(values, seriesBounds, System.currentTimeMillis() / 1000.0, cells));
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> all = new ArrayList<>();
        long[] totals = cells.totals();
        for (Family family : families.values()) {
            List<MetricFamilySamples.Sample> samples = new ArrayList<>();
            for (Series series : family.series.values()) {
                family.write(series, totals, samples);
            }
            if (!samples.isEmpty()) {
                all.add(new MetricFamilySamples(family.name, family.type(), family.help(), samples));
            }
        }
        return all;
    }

    /** One name's series, all of one kind and with the same label names. */
    private final class Family {
        final Recorder.Kind kind;
        final String name;
        final List<String> labelNames;
        final List<String> bucketLabelNames;
        final Map<List<String>, Series> series = new ConcurrentHashMap<>();

        Family(Recorder.Kind kind, String name, List<String> labelNames) {
            this.kind = kind;
            this.name = name;
            this.labelNames = labelNames;
            List<String> withLe = new ArrayList<>(labelNames);
            withLe.add("le");
            this.bucketLabelNames = List.copyOf(withLe);
        }

        Type type() {
            return switch (kind) {
                case TIMER -> Type.HISTOGRAM;
                case COUNTER -> Type.COUNTER;
                case SUMMARY -> Type.SUMMARY;
            };
        }

        /** Kinto's help texts. */
        String help() {
            return switch (kind) {
                case TIMER -> "Histogram of ";
                case COUNTER -> "Counter of ";
                case SUMMARY -> "Summary of ";
            } + name;
        }

        /** The samples of a series that has recorded something, as the Prometheus client names them. */
        void write(Series series, long[] totals, List<MetricFamilySamples.Sample> out) {
            long count = 0;
            long[] perBucket = new long[series.bounds.length + 1];
            for (int i = 0; i < perBucket.length; i++) {
                perBucket[i] = series.total(totals, i);
                count += perBucket[i];
            }
            long sum = series.total(totals, perBucket.length);
            if (count == 0) {
                return;
            }
            List<String> values = series.labelValues;
            switch (kind) {
                case TIMER -> {
                    long cumulative = 0;
                    for (int i = 0; i < perBucket.length; i++) {
                        cumulative += perBucket[i];
                        List<String> withLe = new ArrayList<>(values);
                        withLe.add(i < bounds.length ? doubleToGoString(bounds[i]) : "+Inf");
                        out.add(new MetricFamilySamples.Sample(name + "_bucket", bucketLabelNames, withLe, cumulative));
                    }
                    out.add(new MetricFamilySamples.Sample(name + "_count", labelNames, values, count));
                    out.add(new MetricFamilySamples.Sample(name + "_sum", labelNames, values, sum / NANOS));
                }
                case COUNTER -> out.add(new MetricFamilySamples.Sample(name + "_total", labelNames, values, sum));
                case SUMMARY -> {
                    out.add(new MetricFamilySamples.Sample(name + "_count", labelNames, values, count));
                    out.add(new MetricFamilySamples.Sample(name + "_sum", labelNames, values, sum));
                }
            }
            if (created) {
                out.add(new MetricFamilySamples.Sample(name + CREATED, labelNames, values, series.created));
            }
        }
    }

    /**
     * One series: how many values it recorded, per bucket for a histogram (the last count is above every bound), and
     * their sum (nanoseconds for a timer), in consecutive slots of the thread cells: the counts, then the sum.
     */
    private static final class Series implements Recorder {
        final List<String> labelValues;
        final double created;
        final long[] bounds;
        final ThreadCells cells;
        final int first;

        Series(List<String> labelValues, long[] bounds, double created, ThreadCells cells) {
            this.labelValues = labelValues;
            this.bounds = bounds;
            this.created = created;
            this.cells = cells;
            this.first = cells.allocate(bounds.length + 2);
        }

        @Override
        public void record(long value) {
            int bucket = 0;
            while (bucket < bounds.length && value > bounds[bucket]) {
                bucket++;
            }
            ThreadCells.Cells mine = cells.cells();
            mine.add(first + bucket, 1);
            mine.add(first + bounds.length + 1, value);
        }

        /** Slot {@code index} of this series (a bucket's count, or the sum after the last) in a reading of the cells. */
        long total(long[] totals, int index) {
            int slot = first + index;
            return slot < totals.length ? totals[slot] : 0;
        }
    }
}
