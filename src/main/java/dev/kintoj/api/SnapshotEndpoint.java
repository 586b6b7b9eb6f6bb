package dev.kintoj.api;

import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.DefaultBucket;
import dev.kintoj.core.Identity;
import dev.kintoj.core.Json;
import dev.kintoj.events.Events;
import dev.kintoj.history.Snapshots;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The history plugin's snapshot endpoint; {@link HttpGate} answers 404 for it unless the plugin is included. */
@Path("/v1/buckets/{bucket_id}/snapshot/collections/{snapshot}")
public class SnapshotEndpoint {

    private final Snapshots snapshots;
    private final Authenticator authenticator;
    private final KintoSettings settings;
    private final DefaultBucket defaultBucket;
    private final Events events;

    public SnapshotEndpoint(Storage storage, PermissionBackend permissions, Authenticator authenticator,
                            KintoSettings settings, DefaultBucket defaultBucket, Events events) {
        this.events = events;
        this.snapshots = new Snapshots(storage, permissions);
        this.authenticator = authenticator;
        this.settings = settings;
        this.defaultBucket = defaultBucket;
    }

    @GET
    public Uni<Response> get(@Context HttpServerRequest http) {
        return serve(ApiRequest.of(http, null, settings), authenticator.authenticate(http.getHeader("Authorization")));
    }

    Uni<Response> serve(ApiRequest request, Uni<Identity> identity) {
        String apiPath = request.apiPath();
        return identity.chain(user -> {
                    if (!defaultBucket.targets(apiPath)) {
                        return snapshots.snapshot(apiPath, user);
                    }
                    // Like every other path under /buckets/default (plugins.md §1.2): the personal bucket is
                    // created when missing (inside a request of the events, so listeners and history see it),
                    // then the snapshot of its collection is served; kinto-http's listRecords({at}) comes here.
                    return events.request(() -> defaultBucket.prepare(request.method(), apiPath, user)
                            .chain(() -> snapshots.snapshot(defaultBucket.realPath(apiPath, user.userId()), user)));
                })
                .map(body -> Response.ok(Json.bytes(body), "application/json").build());
    }
}
