package dev.kintoj.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.auth.AuthenticationPolicy;
import dev.kintoj.cache.Cache;
import dev.kintoj.config.Plugins;
import dev.kintoj.config.WhitespaceList;
import dev.kintoj.core.ResourceKinds;
import dev.kintoj.events.EventListener;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.storage.Storage;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * Kinto's measurements (plugins.md §7), recorded into Prometheus ({@link PrometheusFamilies}, scraped with Quarkus'
 * Prometheus registry) when {@code kinto.plugins.prometheus} is included and sent to StatsD ({@link StatsdRegistry})
 * when {@code kinto.plugins.statsd} is; into both when both are. Each measured part asks for a {@link Recorder} per
 * series once and keeps it. Series are known by Kinto's keys, dotted where Kinto's StatsD keys are
 * ({@code backend.storage}, {@code listeners.<name>}): Prometheus turns the dots into underscores and adds its
 * prefix, StatsD keeps them. Without either plugin nothing is recorded, so the hot path pays nothing.
 */
@Singleton
@Startup
public class KintoMeters {

    private static final Logger LOG = Logger.getLogger(KintoMeters.class);

    private final Recorder.Sink sink;
    private final boolean enabled;
    private final PrometheusMeterRegistry prometheus;
    private final StatsdRegistry statsd;
    private final RouteLabels routes;
    private final String prometheusPrefix;
    private final List<String> disabled;
    private final RequestMeters requests;

    public KintoMeters(Plugins plugins, MetricsSettings settings, ResourceKinds kinds,
                       Instance<PrometheusMeterRegistry> quarkusPrometheus) {
        this.routes = new RouteLabels(kinds, WhitespaceList.split(settings.metricsMatchdictFields()));
        this.prometheusPrefix = PrometheusFamilies.prefix(settings);
        this.disabled = WhitespaceList.split(settings.prometheusDisabledMetrics().orElse(""));
        if (plugins.includes(Plugins.PROMETHEUS)) {
            if (!quarkusPrometheus.isResolvable()) {
                throw new IllegalArgumentException("Setting includes: kinto.plugins.prometheus needs the Prometheus "
                        + "registry, which quarkus.micrometer.export.prometheus.enabled=false turns off");
            }
            this.prometheus = quarkusPrometheus.get();
        } else {
            this.prometheus = null;
        }
        this.statsd = plugins.includes(Plugins.STATSD) ? statsd(settings) : null;
        this.enabled = prometheus != null || statsd != null;
        Recorder.Sink toPrometheus = null;
        if (prometheus != null) {
            PrometheusFamilies families = new PrometheusFamilies(prometheusPrefix, disabled,
                    PrometheusFamilies.buckets(settings.prometheusHistogramBuckets()), settings.prometheusCreatedMetricsEnabled());
            prometheus.getPrometheusRegistry().register(families);
            toPrometheus = families;
        }
        Recorder.Sink toStatsd = statsd != null ? new MicrometerSeries(statsd) : null;
        if (toPrometheus != null && toStatsd != null) {
            Recorder.Sink first = toPrometheus;
            this.sink = (kind, key, labels) -> first.recorder(kind, key, labels).and(toStatsd.recorder(kind, key, labels));
        } else {
            this.sink = toPrometheus != null ? toPrometheus : toStatsd;
        }
        this.requests = enabled ? new RequestMeters(sink, routes.matchdictFields()) : null;
    }

    /** Kinto's: the plugin without {@code statsd_url} sends nothing (a warning says so); a wrong URL stops startup. */
    private static StatsdRegistry statsd(MetricsSettings settings) {
        if (settings.statsdUrl().isEmpty()) {
            LOG.warn("Setting includes: kinto.plugins.statsd is included but statsd_url is not set: nothing is sent");
            return null;
        }
        return new StatsdRegistry(StatsdRegistry.prefix(settings),
                new StatsdSender(StatsdSender.agent(settings.statsdUrl().get())));
    }

    @PreDestroy
    void close() {
        if (statsd != null) {
            statsd.close();
        }
    }

    public boolean enabled() {
        return enabled;
    }

    RouteLabels routes() {
        return routes;
    }

    /** The Prometheus registry when the prometheus plugin is included, else null. */
    PrometheusMeterRegistry prometheus() {
        return prometheus;
    }

    /** The root endpoint's {@code prometheus} capability, or null when the plugin is not included. */
    public ObjectNode prometheusCapability() {
        if (prometheus == null) {
            return null;
        }
        ObjectNode capability = JsonNodeFactory.instance.objectNode()
                .put("description", "Prometheus metrics.")
                .put("url", "https://github.com/Kinto/kinto/")
                .put("prefix", prometheusPrefix);
        disabled.forEach(capability.putArray("disabled_metrics")::add);
        return capability;
    }

    /**
     * Whether a series is recorded anywhere: {@code prometheus_disabled_metrics} only concerns Prometheus, StatsD
     * receives every series.
     */
    private boolean recorded(String series) {
        return enabled && (statsd != null || !disabled.contains(series));
    }

    /** The policies, measured when a metrics plugin is included. */
    public List<AuthenticationPolicy> measure(List<AuthenticationPolicy> policies) {
        return enabled ? policies.stream().<AuthenticationPolicy>map(p -> new MeasuredPolicy(p, sink)).toList() : policies;
    }

    /** The storage backend, its calls timed when a metrics plugin is included. */
    public Storage measure(Storage storage) {
        BackendTimers timers = timers("storage");
        return timers == null ? storage : new MeasuredStorage(storage, timers);
    }

    /** The permission backend, its calls timed when a metrics plugin is included. */
    public PermissionBackend measure(PermissionBackend permissions) {
        BackendTimers timers = timers("permission");
        return timers == null ? permissions : new MeasuredPermissions(permissions, timers);
    }

    /** The cache backend, its calls timed and its reads counted when a metrics plugin is included. */
    public Cache measure(Cache cache) {
        BackendTimers timers = timers("cache");
        boolean counted = recorded("cache_hits") || recorded("cache_misses");
        return timers == null && !counted ? cache : new MeasuredCache(cache, timers, sink);
    }

    /** The history plugin's listener, timed ({@code plugins_history_seconds}) when a metrics plugin is included. */
    public EventListener measureHistory(EventListener history) {
        return recorded("plugins_history") ? timed(history, "plugins.history") : history;
    }

    /** A listener of {@code event_listeners}, timed as Kinto times them ({@code listeners_<name>_seconds}). */
    public EventListener measureListener(String name, EventListener listener) {
        return recorded("listeners_" + name) ? timed(listener, "listeners." + name) : listener;
    }

    private EventListener timed(EventListener listener, String key) {
        return new MeasuredListener(listener, sink.recorder(Recorder.Kind.TIMER, key, Map.of()));
    }

    /** The timers of a backend's calls, or null when nothing would record them: the backend is then left as it is. */
    private BackendTimers timers(String backend) {
        return recorded(BackendTimers.series(backend)) ? new BackendTimers(backend, sink) : null;
    }

    /** One served HTTP request: {@code request_summary}, {@code request_duration} and {@code request_size}. */
    void request(String method, RouteLabels.Route route, int status, long nanos, long bytes) {
        requests.record(method, route, status, nanos, bytes);
    }
}
