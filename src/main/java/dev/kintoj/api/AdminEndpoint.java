package dev.kintoj.api;

import dev.kintoj.admin.AdminAssets;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.config.Plugins;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import io.quarkus.runtime.Startup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The admin plugin's pages (plugins.md §8): {@code /v1/admin} redirects to {@code /v1/admin/}, which is the
 * build's {@code index.html}; other paths under it are the build's files. Served as Vert.x routes (files are sent
 * by the event loop without copying them into the heap); {@link HttpGate} routes these paths here only when the
 * plugin is included.
 */
@ApplicationScoped
public class AdminEndpoint {

    private static final String ROOT = Endpoints.PREFIX + Endpoints.ADMIN;

    @Produces
    @Singleton
    @Startup
    AdminAssets adminAssets(Plugins plugins, KintoSettings settings) {
        // Checked at startup only when the plugin is included: a wrong path stops the service.
        return AdminAssets.from(plugins.includes(Plugins.ADMIN) ? settings.adminAssetsPath() : java.util.Optional.empty());
    }

    void register(@Observes Router router, Plugins plugins, AdminAssets assets, KintoSettings settings) {
        if (!plugins.includes(Plugins.ADMIN)) {
            return;
        }
        // A regular expression: a plain route path would also match the trailing slash.
        router.routeWithRegex("^" + ROOT + "$").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(context -> {
            HttpServerResponse response = context.response();
            response.setStatusCode(307)
                    .putHeader("Location", HttpGate.baseUrl(context.request(), settings) + ROOT + "/")
                    .putHeader("Content-Type", "text/plain; charset=UTF-8")
                    .end("307 Temporary Redirect\n\nThe resource has been moved to " + ROOT + "/.");
        });
        router.routeWithRegex("^" + ROOT + "/.*").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(context -> serve(context, assets));
    }

    private static void serve(RoutingContext context, AdminAssets assets) {
        HttpServerResponse response = context.response();
        String subpath = context.request().path().substring(ROOT.length() + 1);
        // Every page of the admin runs under its policy, also index.html asked for by name.
        response.putHeader("Content-Security-Policy", AdminAssets.CONTENT_SECURITY_POLICY);
        if (subpath.isEmpty()) {
            response.putHeader("Content-Type", "text/html; charset=UTF-8").end(Buffer.buffer(assets.index()));
            return;
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(subpath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = null;
        }
        var file = decoded == null ? java.util.Optional.<java.nio.file.Path>empty() : assets.asset(decoded);
        if (file.isEmpty()) {
            KintoError notFound = KintoError.unknownUrl();
            response.setStatusCode(notFound.status).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(Json.bytes(notFound.body())));
            return;
        }
        response.putHeader("Content-Type", AdminAssets.mediaType(file.get())).sendFile(file.get().toString());
    }
}
