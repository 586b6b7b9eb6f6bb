package dev.kintoj.api;

import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.Identity;
import dev.kintoj.core.PermissionsList;
import dev.kintoj.core.ResourceRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** {@code /v1/permissions} (permissions.md §8); HttpGate answers 404 when it is not enabled. */
@Path("/v1/permissions")
public class PermissionsEndpoint {

    private final PermissionsList permissions;
    private final Authenticator authenticator;
    private final KintoSettings settings;

    public PermissionsEndpoint(PermissionsList permissions, Authenticator authenticator, KintoSettings settings) {
        this.permissions = permissions;
        this.authenticator = authenticator;
        this.settings = settings;
    }

    @GET
    public Uni<Response> list(@Context HttpServerRequest http) {
        return serve(ApiRequest.of(http, null, settings), authenticator.authenticate(http.getHeader("Authorization")));
    }

    @HEAD
    public Uni<Response> count(@Context HttpServerRequest http) {
        return list(http);
    }

    Uni<Response> serve(ApiRequest request, Uni<Identity> identity) {
        boolean head = request.method().equals("HEAD");
        String url = request.baseUrl() + request.path();
        return identity.chain(user -> permissions.list(new ResourceRequest(request.method(), null,
                        ResourceHttp.query(request.query()), Map.of(), null, null, user, url), head))
                .map(response -> ResourceHttp.render(response, head, true));
    }
}
