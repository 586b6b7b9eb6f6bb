package dev.kintoj.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request series ({@code request_summary}, {@code request_duration}, {@code request_size}) of each route and
 * label values, registered once and then found with one map lookup per request. Building the tags and asking the
 * registry for the meters on every request was most of the plugin's cost on the hot path (README, Metrics).
 * The map holds exactly one entry per series the registry holds, so it is bounded as the series are.
 */
final class RequestMeters {

    private final MeterRegistry registry;
    private final List<String> matchdictFields;
    private final String[] noIds;
    private final Map<Key, RouteMeters> routes = new ConcurrentHashMap<>();

    RequestMeters(MeterRegistry registry, List<String> matchdictFields) {
        this.registry = registry;
        this.matchdictFields = List.copyOf(matchdictFields);
        this.noIds = new String[matchdictFields.size()];
        Arrays.fill(noIds, "");
    }

    /**
     * A route's label values; for errors the ids are empty (Kinto's: clients probing random ids create no series).
     * Compared as arrays, not lists: a list's equality walks two iterators, allocated on every request.
     */
    private static final class Key {
        private final String method;
        private final String endpoint;
        private final String[] matchdict;
        private final int hash;

        Key(String method, String endpoint, String[] matchdict) {
            this.method = method;
            this.endpoint = endpoint;
            this.matchdict = matchdict;
            this.hash = 31 * (31 * method.hashCode() + endpoint.hashCode()) + Arrays.hashCode(matchdict);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && hash == key.hash && method.equals(key.method)
                    && endpoint.equals(key.endpoint) && Arrays.equals(matchdict, key.matchdict);
        }
    }

    void record(String method, RouteLabels.Route route, int status, long nanos, long bytes) {
        Key key = new Key(method, route.endpoint(), status >= 400 ? noIds : route.matchdict());
        RouteMeters meters = routes.get(key);
        if (meters == null) {
            meters = routes.computeIfAbsent(key, this::register);
        }
        meters.summary(status).increment();
        meters.duration.record(nanos, TimeUnit.NANOSECONDS);
        meters.size.record(bytes);
    }

    private RouteMeters register(Key key) {
        List<Tag> tags = new ArrayList<>(matchdictFields.size() + 2);
        tags.add(Tag.of("method", key.method));
        tags.add(Tag.of("endpoint", key.endpoint));
        for (int i = 0; i < matchdictFields.size(); i++) {
            tags.add(Tag.of(matchdictFields.get(i), key.matchdict[i]));
        }
        return new RouteMeters(Tags.of(tags));
    }

    private final class RouteMeters {
        private static final int STATUSES = 600;

        private final Tags tags;
        private final Timer duration;
        private final DistributionSummary size;
        // Indexed by status code; a code outside 0-599 (none that Vert.x sends) is looked up in the registry each time.
        private final AtomicReferenceArray<Counter> summaries = new AtomicReferenceArray<>(STATUSES);

        RouteMeters(Tags tags) {
            this.tags = tags;
            this.duration = Timer.builder(KintoMeters.BASE + "request_duration").tags(tags).register(registry);
            this.size = DistributionSummary.builder(KintoMeters.BASE + "request_size").tags(tags).register(registry);
        }

        Counter summary(int status) {
            Counter counter = status >= 0 && status < STATUSES ? summaries.get(status) : null;
            if (counter == null) {
                counter = Counter.builder(KintoMeters.BASE + "request_summary").tags(tags)
                        .tag("status", Integer.toString(status)).register(registry);
                if (status >= 0 && status < STATUSES) {
                    summaries.set(status, counter);
                }
            }
            return counter;
        }
    }
}
