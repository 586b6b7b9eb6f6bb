package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.admin.AdminAssets;
import dev.kintoj.auth.Authenticator;
import dev.kintoj.cache.Cache;
import dev.kintoj.config.DynamicSettings;
import dev.kintoj.config.IniConfigSource;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.config.Plugins;
import dev.kintoj.core.DefaultBucket;
import dev.kintoj.core.HttpDates;
import dev.kintoj.core.Identity;
import dev.kintoj.core.Json;
import dev.kintoj.history.HistorySettings;
import dev.kintoj.openid.OpenIdProviders;
import dev.kintoj.core.KintoError;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.quotas.Quotas;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** {@code /v1/}, heartbeats, version and contribute.json (api.md §13). HEAD is served by JAX-RS from GET. */
@Path("/v1")
public class UtilityEndpoints {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final KintoSettings settings;
    private final Storage storage;
    private final PermissionBackend permissions;
    private final Cache cache;
    private final String version;
    private final Authenticator authenticator;
    private final DefaultBucket defaultBucket;
    private final Plugins plugins;
    private final HistorySettings history;
    private final AdminAssets admin;
    private final OpenIdProviders openid;
    private final AtomicReference<JsonNode> versionFile = new AtomicReference<>();
    @jakarta.inject.Inject
    dev.kintoj.metrics.KintoMeters meters;
    @jakarta.inject.Inject
    dev.kintoj.attachment.Attachments attachments;

    @jakarta.inject.Inject
    dev.kintoj.events.feed.ChangeFeed feed;

    public UtilityEndpoints(KintoSettings settings, Storage storage, PermissionBackend permissions, Cache cache,
                            Authenticator authenticator, DefaultBucket defaultBucket, Plugins plugins,
                            DynamicSettings dynamic, @ConfigProperty(name = "quarkus.application.version", defaultValue = "0") String version,
                            AdminAssets admin, OpenIdProviders openid) {
        this.admin = admin;
        this.openid = openid;
        this.settings = settings;
        this.defaultBucket = defaultBucket;
        this.plugins = plugins;
        this.history = HistorySettings.from(dynamic);
        this.authenticator = authenticator;
        this.storage = storage;
        this.permissions = permissions;
        this.cache = cache;
        this.version = version;
    }

    @GET
    @Path("/")
    public Uni<Response> hello(@Context HttpServerRequest request) {
        return hello(ApiRequest.of(request, null, settings), authenticator.authenticate(request.getHeader("Authorization")));
    }

    Uni<Response> hello(ApiRequest request, Uni<Identity> identity) {
        return identity.map(user -> hello(request, user));
    }

    private Response hello(ApiRequest request, Identity identity) {
        ObjectNode body = JSON.objectNode();
        body.put("project_name", settings.projectName());
        body.put("project_version", settings.projectVersion().orElse(version));
        body.put("http_api_version", settings.httpApiVersion());
        body.put("project_docs", settings.projectDocs());
        body.put("url", request.baseUrl() + Endpoints.PREFIX + "/");
        body.set("config", IniConfigSource.loadedFile().<JsonNode>map(file -> {
            ObjectNode config = JSON.objectNode();
            config.put("path", file.path().toString());
            config.put("hash", file.sha256());
            config.put("modified", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(file.modified().atOffset(ZoneOffset.UTC)));
            return config;
        }).orElse(JSON.nullNode()));
        settings.eos().ifPresent(eos -> body.put("eos", eos));
        ObjectNode publicSettings = body.putObject("settings");
        settings.batchMaxRequests().ifPresentOrElse(n -> publicSettings.put("batch_max_requests", n),
                () -> publicSettings.putNull("batch_max_requests"));
        publicSettings.put("explicit_permissions", settings.explicitPermissions());
        publicSettings.put("readonly", settings.readonly());
        if (!identity.isAnonymous()) {
            ObjectNode user = body.putObject("user");
            user.put("id", identity.userId());
            identity.principals().forEach(user.putArray("principals")::add);
            if (defaultBucket.enabled()) {
                user.put("bucket", defaultBucket.bucketId(identity.userId()));
            }
            if (plugins.includes(Plugins.OPENID)) {
                // Kinto's get_user_profile: the userinfo for OpenID users, {} for the others.
                user.set("profile", identity.profile() == null ? JSON.objectNode() : identity.profile());
            }
        }
        ObjectNode capabilities = body.putObject("capabilities");
        if (authenticator.policyNames().contains("basicauth")) {
            capabilities.putObject("basicauth")
                    .put("description", "Very basic authentication sessions. Not for production use.")
                    .put("url", "http://kinto.readthedocs.io/en/stable/api/1.x/authentication.html");
        }
        if (defaultBucket.enabled()) {
            capabilities.putObject("default_bucket")
                    .put("description", "The default bucket is an alias for a personal bucket where collections are created implicitly.")
                    .put("url", "https://kinto.readthedocs.io/en/latest/api/1.x/buckets.html#personal-bucket-default");
        }
        if (settings.experimentalCollectionSchemaValidation()) {
            capabilities.putObject("schema")
                    .put("description", "Validates collection records with JSON schemas.")
                    .put("url", "https://kinto.readthedocs.io/en/latest/api/1.x/collections.html#collection-json-schema");
        }
        if (plugins.permissionsEndpoint(settings.experimentalPermissionsEndpoint())) {
            capabilities.putObject("permissions_endpoint")
                    .put("description", "The permissions endpoint can be used to list all user objects permissions.")
                    .put("url", "https://kinto.readthedocs.io/en/latest/configuration/settings.html#activating-the-permissions-endpoint");
        }
        if (plugins.includes(Plugins.HISTORY)) {
            capabilities.set("history", history.capability());
        }
        if (plugins.includes(Plugins.ADMIN)) {
            ObjectNode capability = capabilities.putObject("admin");
            admin.version().ifPresent(v -> capability.put("version", v));
            capability.put("description", "Serves the admin console.")
                    .put("url", "https://github.com/Kinto/kinto-admin/");
        }
        if (plugins.includes(Plugins.ACCOUNTS)) {
            capabilities.putObject("accounts")
                    .put("description", "Manage user accounts.")
                    .put("url", "https://kinto.readthedocs.io/en/latest/api/1.x/accounts.html")
                    .put("validation_enabled", false);
        }
        if (plugins.includes(Plugins.OPENID) && !openid.isEmpty()) {
            capabilities.set("openid", openid.capability(authenticator.policyNames()));
        }
        if (plugins.includes(Plugins.FLUSH)) {
            capabilities.putObject("flush_endpoint")
                    .put("description", "The __flush__ endpoint can be used to remove all data from all backends.")
                    .put("url", "https://kinto.readthedocs.io/en/latest/api/1.x/flush.html");
        }
        if (plugins.includes(Plugins.QUOTAS)) {
            capabilities.set("quotas", Quotas.capability());
        }
        if (plugins.includes(Plugins.COUNTERS)) {
            capabilities.putObject("counters_endpoint")
                    .put("description", "The __counters__ endpoint exposes how many objects are stored.")
                    .put("url", "https://kinto.readthedocs.io/en/latest/api/1.x/counters.html");
        }
        if (feed.settings().enabled()) {
            capabilities.putObject("changes")
                    .put("description", "Live change feed: the changes of a collection or a bucket as Server-Sent Events,"
                            + " resumable with Last-Event-ID.")
                    .put("url", "/v1/buckets/{bucket_id}/collections/{collection_id}/changes")
                    .put("transport", feed.transportName());
        }
        if (attachments.enabled()) {
            capabilities.set("attachments", attachments.capability());
        }
        ObjectNode prometheus = meters.prometheusCapability();
        if (prometheus != null) {
            capabilities.set("prometheus", prometheus);
        }
        Response.ResponseBuilder response = Response.ok(Json.bytes(body), "application/json");
        if (settings.readonly()) {
            int seconds = settings.rootCacheExpiresSeconds();
            response.header("Cache-Control", "max-age=" + seconds)
                    .header("Expires", HttpDates.format(System.currentTimeMillis() + seconds * 1000L));
        }
        return response.build();
    }

    @GET
    @Path("/__heartbeat__")
    public Uni<Response> heartbeat() {
        Duration timeout = Duration.ofSeconds(settings.heartbeatTimeoutSeconds());
        Map<String, Uni<Boolean>> checks = new LinkedHashMap<>();
        checks.put("storage", storage.healthy());
        checks.put("permission", permissions.healthy());
        checks.put("cache", cache.healthy());
        if (attachments.enabled()) {
            checks.put("attachments", attachments.healthy());
        }
        var names = checks.keySet().toArray(String[]::new);
        var unis = checks.values().stream()
                .map(check -> check.ifNoItem().after(timeout).recoverWithItem(false).onFailure().recoverWithItem(false))
                .toList();
        return Uni.join().all(unis).andFailFast().map(results -> {
            ObjectNode body = JSON.objectNode();
            boolean healthy = true;
            for (int i = 0; i < names.length; i++) {
                body.put(names[i], results.get(i));
                healthy &= results.get(i);
            }
            return Response.status(healthy ? 200 : 503).entity(Json.bytes(body)).type("application/json").build();
        });
    }

    @GET
    @Path("/__lbheartbeat__")
    public Response lbheartbeat() {
        return Response.ok("{}".getBytes(), "application/json").build();
    }

    @GET
    @Path("/__version__")
    public Response versionFile() {
        JsonNode content = versionFile.updateAndGet(current -> current != null ? current : readVersionFile());
        if (content == null) {
            throw KintoError.internal(settings.errorInfoLink());
        }
        return Response.ok(Json.bytes(content), "application/json").build();
    }

    private JsonNode readVersionFile() {
        try {
            java.nio.file.Path path = Paths.get(settings.versionJsonPath());
            return Files.isRegularFile(path) ? Json.MAPPER.readTree(Files.readAllBytes(path)) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @GET
    @Path("/contribute.json")
    public Response contribute() {
        ObjectNode body = JSON.objectNode();
        body.put("name", settings.projectName());
        body.put("description", "A Kinto-compatible JSON storage service: store, sync and share JSON objects.");
        body.putObject("repository").put("url", "https://github.com/Kinto/kinto").put("license", "Apache-2.0");
        body.putObject("participate").put("docs", settings.projectDocs());
        body.putObject("bugs").put("list", settings.errorInfoLink());
        body.putArray("keywords").add("json").add("storage").add("sync").add("kinto").add("quarkus");
        return Response.ok(Json.bytes(body), "application/json").build();
    }
}
