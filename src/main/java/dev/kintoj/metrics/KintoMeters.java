package dev.kintoj.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.auth.AuthenticationPolicy;
import dev.kintoj.config.Plugins;
import dev.kintoj.config.WhitespaceList;
import dev.kintoj.core.ResourceKinds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kinto's measurements (plugins.md §7), recorded into the registries of the included plugins: Quarkus' Prometheus
 * registry for {@code kinto.plugins.prometheus}, a StatsD registry for {@code kinto.plugins.statsd}. Meters carry
 * neutral names ({@link #BASE} + Kinto's series name); each registry's filter gives them its own prefix. With neither
 * plugin nothing is recorded, so the hot path pays nothing.
 */
@Singleton
@Startup
public class KintoMeters {

    /** The mark of our meters, replaced by each registry's prefix. */
    static final String BASE = "kintoj.";

    private final MeterRegistry registry;
    private final boolean enabled;
    private final PrometheusMeterRegistry prometheus;
    private final MeterRegistry statsd;
    private final RouteLabels routes;
    private final String prometheusPrefix;
    private final List<String> disabled;

    public KintoMeters(Plugins plugins, MetricsSettings settings, ResourceKinds kinds, Vertx vertx,
                       Instance<PrometheusMeterRegistry> quarkusPrometheus) {
        this.routes = new RouteLabels(kinds, WhitespaceList.split(settings.metricsMatchdictFields()));
        this.prometheusPrefix = PrometheusSeries.prefix(settings);
        this.disabled = WhitespaceList.split(settings.prometheusDisabledMetrics().orElse(""));
        List<MeterRegistry> targets = new ArrayList<>();
        if (plugins.includes(Plugins.PROMETHEUS)) {
            if (!quarkusPrometheus.isResolvable()) {
                throw new IllegalArgumentException("Setting includes: kinto.plugins.prometheus needs the Prometheus "
                        + "registry, which quarkus.micrometer.export.prometheus.enabled=false turns off");
            }
            this.prometheus = quarkusPrometheus.get();
            targets.add(prometheus);
        } else {
            this.prometheus = null;
        }
        if (plugins.includes(Plugins.STATSD)) {
            String url = settings.statsdUrl().filter(u -> !u.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                    "Setting statsd_url: kinto.plugins.statsd needs the address of the StatsD server (udp://host:port)"));
            this.statsd = StatsdSink.registry(vertx, url, settings.statsdPrefix().orElse(settings.projectName()));
            targets.add(statsd);
        } else {
            this.statsd = null;
        }
        this.enabled = !targets.isEmpty();
        this.registry = targets.size() == 1 ? targets.get(0) : new CompositeMeterRegistry(io.micrometer.core.instrument.Clock.SYSTEM, targets);
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

    void close(@Observes ShutdownEvent event) {
        if (statsd != null) {
            statsd.close();
        }
    }
}
