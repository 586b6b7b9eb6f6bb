package dev.kintoj.api;

import dev.kintoj.cache.Cache;
import dev.kintoj.config.Plugins;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.plugins.ObjectCounters;
import dev.kintoj.plugins.ServerFlush;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * Utility endpoints of plugins: {@code POST /v1/__flush__} and {@code GET /v1/__counters__} (plugins.md §4, §5).
 * No permission is required. {@link HttpGate} answers 404 for them when their plugin is not included (and 405 to
 * a flush in read-only mode); the check here keeps that true for callers that bypass the gate.
 */
@Path("/v1")
public class PluginEndpoints {

    private final Plugins plugins;
    private final ServerFlush flush;
    private final ObjectCounters counters;

    public PluginEndpoints(Plugins plugins, Storage storage, PermissionBackend permissions, Cache cache,
                           Transactions transactions) {
        this.plugins = plugins;
        this.flush = new ServerFlush(storage, permissions, cache, transactions);
        this.counters = new ObjectCounters(storage);
    }

    @POST
    @Path(Endpoints.FLUSH)
    public Uni<Response> flush() {
        requirePlugin(Plugins.FLUSH);
        return flush.run().map(done -> Response.status(202).entity("{}".getBytes()).type("application/json").build());
    }

    @GET
    @Path(Endpoints.COUNTERS)
    public Uni<Response> counters() {
        requirePlugin(Plugins.COUNTERS);
        return counters.counts().map(body -> Response.ok(Json.bytes(body), "application/json").build());
    }

    private void requirePlugin(String plugin) {
        if (!plugins.includes(plugin)) {
            throw KintoError.unknownUrl();
        }
    }
}
