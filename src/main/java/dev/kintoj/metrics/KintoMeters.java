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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kinto's measurements (plugins.md §7), recorded into Quarkus' Prometheus registry when {@code kinto.plugins.prometheus}
 * is included. Meters carry neutral names ({@link #BASE} + Kinto's series name) that the registry's filter
 * ({@link PrometheusSeries}) prefixes. Without the plugin nothing is recorded, so the hot path pays nothing.
 */
@Singleton
@Startup
public class KintoMeters {

    /** The mark of our meters, replaced by each registry's prefix. */
    static final String BASE = "kintoj.";

    private final MeterRegistry registry;
    private final boolean enabled;
    private final PrometheusMeterRegistry prometheus;
    private final RouteLabels routes;
    private final String prometheusPrefix;
    private final List<String> disabled;

    public KintoMeters(Plugins plugins, MetricsSettings settings, ResourceKinds kinds,
                       Instance<PrometheusMeterRegistry> quarkusPrometheus) {
        this.routes = new RouteLabels(kinds, WhitespaceList.split(settings.metricsMatchdictFields()));
        this.prometheusPrefix = PrometheusSeries.prefix(settings);
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
        this.enabled = prometheus != null;
        this.registry = prometheus;
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

    /** The policies, measured when a metrics plugin is included. */
    public List<AuthenticationPolicy> measure(List<AuthenticationPolicy> policies) {
        return enabled ? policies.stream().<AuthenticationPolicy>map(p -> new MeasuredPolicy(p, registry)).toList() : policies;
    }

    /** The storage backend, its calls timed when the prometheus plugin is included. */
    public Storage measure(Storage storage) {
        BackendTimers timers = timers("storage");
        return timers == null ? storage : new MeasuredStorage(storage, timers);
    }

    /** The permission backend, its calls timed when the prometheus plugin is included. */
    public PermissionBackend measure(PermissionBackend permissions) {
        BackendTimers timers = timers("permission");
        return timers == null ? permissions : new MeasuredPermissions(permissions, timers);
    }

    /** The cache backend, its calls timed and its reads counted when the prometheus plugin is included. */
    public Cache measure(Cache cache) {
        BackendTimers timers = timers("cache");
        boolean counted = enabled && !(disabled.contains("cache_hits") && disabled.contains("cache_misses"));
        return timers == null && !counted ? cache : new MeasuredCache(cache, timers, registry);
    }

    /** The history plugin's listener, timed ({@code plugins_history_seconds}) when the prometheus plugin is included. */
    public EventListener measureHistory(EventListener history) {
        return enabled && !disabled.contains("plugins_history") ? new MeasuredListener(history, "plugins_history", registry)
                : history;
    }

    /** The timers of a backend's calls, or null when nothing would record them: the backend is then left as it is. */
    private BackendTimers timers(String backend) {
        return enabled && !disabled.contains(BackendTimers.series(backend)) ? new BackendTimers(backend, registry) : null;
    }

    /** One served HTTP request: {@code request_summary}, {@code request_duration} and {@code request_size}. */
    void request(String method, RouteLabels.Route route, int status, long nanos, long bytes) {
        List<String> fields = routes.matchdictFields();
        List<Tag> tags = new ArrayList<>(fields.size() + 3);
        tags.add(Tag.of("method", method));
        tags.add(Tag.of("endpoint", route.endpoint()));
        for (int i = 0; i < fields.size(); i++) {
            // Kinto empties them for errors: a client probing random ids must not create series.
            tags.add(Tag.of(fields.get(i), status >= 400 ? "" : route.matchdict()[i]));
        }
        Tags base = Tags.of(tags);
        Counter.builder(BASE + "request_summary").tags(base).tag("status", Integer.toString(status))
                .register(registry).increment();
        Timer.builder(BASE + "request_duration").tags(base).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        DistributionSummary.builder(BASE + "request_size").tags(base).register(registry).record(bytes);
    }
}
