package dev.kintoj.api;

import dev.kintoj.core.Identity;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ResourceKinds;
import dev.kintoj.history.Snapshots;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * Serves an {@link ApiRequest} without an HTTP exchange: the gate's routing decisions (unknown URL, 405, Origin),
 * then the endpoint the path names. Batch subrequests go through it (batch.md §2).
 */
@ApplicationScoped
public class ApiRouter {

    private final HttpGate gate;
    private final ResourceKinds kinds;
    private final ResourceHttp resources;
    private final UtilityEndpoints utilities;
    private final PermissionsEndpoint permissions;
    private final PluginEndpoints plugins;
    private final SnapshotEndpoint snapshots;
    private final ApiDocumentEndpoint apiDocument;
    private final UserDataEndpoint userData;
    private final OpenIdEndpoint openid;

    public ApiRouter(HttpGate gate, ResourceKinds kinds, ResourceHttp resources, UtilityEndpoints utilities,
                     PermissionsEndpoint permissions, PluginEndpoints plugins, SnapshotEndpoint snapshots,
                     ApiDocumentEndpoint apiDocument, UserDataEndpoint userData, OpenIdEndpoint openid) {
        this.openid = openid;
        this.apiDocument = apiDocument;
        this.userData = userData;
        this.snapshots = snapshots;
        this.plugins = plugins;
        this.gate = gate;
        this.kinds = kinds;
        this.resources = resources;
        this.utilities = utilities;
        this.permissions = permissions;
    }

    /** The request a client ends up sending: a trailing-slash redirect is followed once, with the same method and body. */
    ApiRequest followRedirect(ApiRequest request) {
        String apiPath = request.apiPath();
        if (gate.allowedMethods(apiPath) != null || !gate.trailingSlashRedirects(apiPath)) {
            return request;
        }
        return new ApiRequest(request.method(), request.path().replaceAll("/+$", ""), request.query(),
                request.headers(), request.body(), request.baseUrl());
    }

    Uni<Response> serve(ApiRequest request, Uni<Identity> identity) {
        String apiPath = request.apiPath();
        String allowed = gate.allowedMethods(apiPath);
        if (allowed == null) {
            throw KintoError.unknownUrl();
        }
        KintoError refusal = gate.refusal(request.method(), allowed, request.header("Origin"));
        if (refusal != null) {
            throw refusal;
        }
        if (kinds.parse(apiPath).isPresent()) {
            return resources.handle(request, identity);
        }
        if (Endpoints.isUserData(apiPath)) {
            return userData.serve(request, identity);
        }
        if (Endpoints.openIdProvider(apiPath) != null) {
            return openid.serve(request);
        }
        if (Snapshots.PATH.matcher(apiPath).matches()) {
            return snapshots.serve(request, identity);
        }
        return switch (apiPath) {
            case "/" -> utilities.hello(request, identity);
            case "/__heartbeat__" -> utilities.heartbeat();
            case "/__lbheartbeat__" -> Uni.createFrom().item(utilities.lbheartbeat());
            case "/__version__" -> Uni.createFrom().item(utilities.versionFile());
            case "/contribute.json" -> Uni.createFrom().item(utilities.contribute());
            case Endpoints.PERMISSIONS -> permissions.serve(request, identity);
            case Endpoints.FLUSH -> plugins.flush();
            case Endpoints.COUNTERS -> plugins.counters();
            case ApiDocumentEndpoint.PATH -> Uni.createFrom().item(apiDocument.document());
            default -> throw KintoError.unknownUrl();
        };
    }
}
