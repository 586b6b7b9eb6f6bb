package dev.kintoj.api;

import dev.kintoj.cache.Cache;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.config.Plugins;
import dev.kintoj.core.KintoError;
import dev.kintoj.openid.OpenIdLogin;
import dev.kintoj.openid.OpenIdProviders;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /v1/openid/{provider}/login} and {@code /token} (plugins.md §6): 307 redirects of the login dance.
 * {@link HttpGate} answers 404 for them when {@code kinto.plugins.openid} is not included.
 */
@Path("/v1/openid/{provider}")
public class OpenIdEndpoint {

    private final OpenIdLogin login;
    private final KintoSettings settings;
    private final Plugins plugins;

    public OpenIdEndpoint(OpenIdProviders providers, Cache cache, KintoSettings settings, Plugins plugins) {
        this.login = new OpenIdLogin(providers, cache);
        this.settings = settings;
        this.plugins = plugins;
    }

    @GET
    @Path("/login")
    public Uni<Response> login(@Context HttpServerRequest http) {
        return serve(ApiRequest.of(http, null, settings));
    }

    @GET
    @Path("/token")
    public Uni<Response> token(@Context HttpServerRequest http) {
        return serve(ApiRequest.of(http, null, settings));
    }

    Uni<Response> serve(ApiRequest request) {
        String apiPath = request.apiPath();
        String provider = Endpoints.openIdProvider(apiPath);
        if (provider == null || !plugins.includes(Plugins.OPENID)) {
            throw KintoError.unknownUrl();
        }
        String tokenUri = request.baseUrl() + Endpoints.PREFIX + "/openid/" + provider + "/token";
        Map<String, String> query = query(request.query());
        Uni<String> location = apiPath.endsWith("/login")
                ? login.login(provider, query, tokenUri)
                : login.token(provider, query, tokenUri);
        return location.map(url -> Response.status(307).header("Location", url).build());
    }

    /** The query string as a form (first value of each name), as Kinto's {@code request.GET}. */
    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw KintoError.invalidQuery(null, "Invalid percent-encoding");
            }
        }
        return values;
    }
}
