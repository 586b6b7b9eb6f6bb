package dev.kintoj.api;

import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.Identity;
import dev.kintoj.core.Json;
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

    public SnapshotEndpoint(Storage storage, PermissionBackend permissions, Authenticator authenticator,
                            KintoSettings settings) {
        this.snapshots = new Snapshots(storage, permissions);
        this.authenticator = authenticator;
        this.settings = settings;
    }

    @GET
    public Uni<Response> get(@Context HttpServerRequest http) {
        return serve(ApiRequest.of(http, null, settings), authenticator.authenticate(http.getHeader("Authorization")));
    }

    Uni<Response> serve(ApiRequest request, Uni<Identity> identity) {
        return identity.chain(user -> snapshots.snapshot(request.apiPath(), user))
                .map(body -> Response.ok(Json.bytes(body), "application/json").build());
    }
}
