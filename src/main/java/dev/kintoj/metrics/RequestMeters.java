package dev.kintoj.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request series ({@code request_summary}, {@code request_duration}, {@code request_size}) of each route and
 * label values, made once and then found with one map lookup per request. Building the labels and asking the
 * registry for the meters on every request was most of the plugin's cost on the hot path (README, Metrics).
 * The map holds exactly one entry per series, so it is bounded as the series are.
 */
final class RequestMeters {

    private final Recorder.Sink sink;
    private final List<String> matchdictFields;
    private final String[] noIds;
    private final Map<Key, RouteMeters> routes = new ConcurrentHashMap<>();

    RequestMeters(Recorder.Sink sink, List<String> matchdictFields) {
        this.sink = sink;
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
        meters.summary(status).record(1);
        meters.duration.record(nanos);
        meters.size.record(bytes);
    }

    private RouteMeters register(Key key) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("method", key.method);
        labels.put("endpoint", key.endpoint);
        for (int i = 0; i < matchdictFields.size(); i++) {
            labels.put(matchdictFields.get(i), key.matchdict[i]);
        }
        return new RouteMeters(labels);
    }

    private final class RouteMeters {
        private static final int STATUSES = 600;

        private final Map<String, String> labels;
        private final Recorder duration;
        private final Recorder size;
        // Indexed by status code; a code outside 0-599 (none that Vert.x sends) gets its series made each time.
        private final AtomicReferenceArray<Recorder> summaries = new AtomicReferenceArray<>(STATUSES);

        RouteMeters(Map<String, String> labels) {
            this.labels = labels;
            this.duration = sink.recorder(Recorder.Kind.TIMER, "request_duration", labels);
            this.size = sink.recorder(Recorder.Kind.SUMMARY, "request_size", labels);
        }

        Recorder summary(int status) {
            Recorder series = status >= 0 && status < STATUSES ? summaries.get(status) : null;
            if (series == null) {
                Map<String, String> withStatus = new LinkedHashMap<>(labels);
                withStatus.put("status", Integer.toString(status));
                series = sink.recorder(Recorder.Kind.COUNTER, "request_summary", withStatus);
                if (status >= 0 && status < STATUSES) {
                    summaries.set(status, series);
                }
            }
            return series;
        }
    }
}
