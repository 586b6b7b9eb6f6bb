package dev.kintoj.api;

import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.DynamicSettings;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.Identity;
import dev.kintoj.core.Json;
import dev.kintoj.core.ObjectService;
import dev.kintoj.events.Events;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.userdata.UserDataDeletion;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** {@code DELETE /v1/__user_data__/{principal}} (plugins.md §9): a core endpoint of Kinto, gated by its setting. */
@Path("/v1" + Endpoints.USER_DATA + "{principal}")
public class UserDataEndpoint {

    private final UserDataDeletion deletion;
    private final Events events;
    private final Authenticator authenticator;
    private final KintoSettings settings;

    public UserDataEndpoint(ObjectService service, PermissionBackend permissions, Events events, DynamicSettings dynamic,
                            Authenticator authenticator, KintoSettings settings) {
        this.deletion = new UserDataDeletion(service, permissions, events, dynamic::get);
        this.events = events;
        this.authenticator = authenticator;
        this.settings = settings;
    }

    @DELETE
    public Uni<Response> delete(@Context HttpServerRequest http) {
        return serve(ApiRequest.of(http, null, settings), authenticator.authenticate(http.getHeader("Authorization")));
    }

    Uni<Response> serve(ApiRequest request, Uni<Identity> identity) {
        String principal = request.apiPath().substring(Endpoints.USER_DATA.length());
        String base = request.baseUrl() + Endpoints.PREFIX;
        return events.request(() -> identity.chain(user -> deletion.delete(principal, user, uri -> base + uri)))
                .map(body -> Response.ok(Json.bytes(body), "application/json").build());
    }
}
