package dev.kintoj.api;

import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.KintoSettings;
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
        return handle(http, false);
    }

    @HEAD
    public Uni<Response> count(@Context HttpServerRequest http) {
        return handle(http, true);
    }

    private Uni<Response> handle(HttpServerRequest http, boolean head) {
        String url = HttpGate.baseUrl(http, settings) + http.path();
        return authenticator.authenticate(http.getHeader("Authorization"))
                .chain(identity -> permissions.list(new ResourceRequest(http.method().name(), null,
                        ResourceHttp.query(http.query()), Map.of(), null, null, identity, url), head))
                .map(response -> ResourceHttp.render(response, head, true));
    }
}
