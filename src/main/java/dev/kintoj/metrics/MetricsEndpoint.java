package dev.kintoj.metrics;

import dev.kintoj.core.KintoError;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code GET /v1/__metrics__} of {@code kinto.plugins.prometheus}: the Prometheus text format, no permission needed. */
@Path("/v1")
public class MetricsEndpoint {

    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final KintoMeters meters;

    public MetricsEndpoint(KintoMeters meters) {
        this.meters = meters;
    }

    @GET
    @Path("/__metrics__")
    public Response scrape() {
        PrometheusMeterRegistry prometheus = meters.prometheus();
        if (prometheus == null) {
            throw KintoError.unknownUrl();
        }
        return Response.ok(prometheus.scrape(), TEXT_FORMAT).build();
    }
}
