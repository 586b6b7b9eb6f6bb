package dev.kintoj.metrics;

import dev.kintoj.core.ResourcePath;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Measures every HTTP request of the API once its response has been sent, whoever answered it (the gate's
 * rejections and redirects included). Quarkus' own endpoints under {@code /q/} are not Kinto's and are left out.
 */
@ApplicationScoped
public class RequestMetrics {

    /** Before the gate (1000), so that the requests it rejects are measured too. */
    private static final int PRIORITY = 2000;

    private final KintoMeters meters;

    public RequestMetrics(KintoMeters meters) {
        this.meters = meters;
    }

    void register(@Observes Filters filters) {
        if (meters.enabled()) {
            filters.register(this::handle, PRIORITY);
        }
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (path == null || path.startsWith("/q/")) {
            context.next();
            return;
        }
        long start = System.nanoTime();
        context.addEndHandler(done -> meters.request(request.method().name(), route(context, path),
                context.response().getStatusCode(), System.nanoTime() - start, context.response().bytesWritten()));
        context.next();
    }

    /** From the path the gate parsed, if it did: the path is parsed here only when the gate stopped before. */
    private RouteLabels.Route route(RoutingContext context, String path) {
        ResourcePath parsed = context.get(ResourcePath.ROUTED);
        return parsed != null ? meters.routes().route(parsed) : meters.routes().route(path);
    }
}
