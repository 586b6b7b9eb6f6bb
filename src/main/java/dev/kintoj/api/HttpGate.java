package dev.kintoj.api;

import dev.kintoj.config.DynamicSettings;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.config.Plugins;
import dev.kintoj.core.HttpDates;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ResourceKinds;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.core.ValidationEntry;
import dev.kintoj.metrics.KintoMeters;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.configuration.MemorySize;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything decided before a request reaches an endpoint, in Kinto's order (errors.md §5): end of service,
 * read-only mode, version and trailing-slash redirects, unknown URLs and methods, CORS preflights and origins.
 * It also adds the headers every response carries (api.md §1.4).
 */
@ApplicationScoped
public class HttpGate {

    private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+)(/.*)?$");
    private static final Set<HttpMethod> READ_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; ";

    private final KintoSettings settings;
    private final ResourceKinds kinds;
    private final java.util.Map<String, String> utilities;
    private final Origins origins;
    private final EndOfService endOfService;

    private final long maxBodyBytes;

    private final DynamicSettings dynamic;
    /** Allow headers of resource endpoints by kind name (see {@link #allowedMethods(String, ResourcePath)}). */
    private final Map<String, String> pluralMethods = new ConcurrentHashMap<>();
    private final Map<String, String> objectMethods = new ConcurrentHashMap<>();

    private final WireChecks wire;

    private final java.util.Optional<String> servedFiles;

    /** Whether the metrics read each request's parsed path back ({@link ResourcePath#ROUTED}); else it is not kept. */
    private final boolean keepsRoutes;

    public HttpGate(KintoSettings settings, ResourceKinds kinds, DynamicSettings dynamic, Plugins plugins,
                    dev.kintoj.attachment.Attachments attachments, KintoMeters meters,
                    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.keepsRoutes = meters.enabled();
        this.settings = settings;
        this.dynamic = dynamic;
        this.wire = new WireChecks(dynamic);
        this.utilities = Endpoints.utilities(plugins, plugins.permissionsEndpoint(settings.experimentalPermissionsEndpoint()),
                dev.kintoj.events.feed.FeedSettings.from(dynamic).enabled());
        this.maxBodyBytes = maxBody.asLongValue();
        this.kinds = kinds;
        this.origins = new Origins(settings.corsOrigins());
        this.endOfService = new EndOfService(settings);
        this.servedFiles = attachments.enabled() ? attachments.servedPrefix() : java.util.Optional.empty();
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, 1000);
    }

    /** What the HTTP codec refuses gets Kinto's envelope only through CodecGuardTransport (Vert.x 4.5 internals). */
    void checkCodecGuard(@Observes io.quarkus.runtime.StartupEvent event, io.vertx.core.Vertx vertx) {
        if (!dev.kintoj.api.codec.CodecGuardTransport.active(vertx)) {
            org.jboss.logging.Logger.getLogger(HttpGate.class).warn("The HTTP codec guard is not active (is"
                    + " quarkus.vertx.prefer-native-transport false?): requests the codec refuses get empty answers");
        }
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (path.startsWith("/q/")) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        context.addHeadersEndHandler(v -> decorate(request, response));
        KintoError malformed = wire.refusal(request);
        if (malformed != null) {
            reject(response, malformed);
            return;
        }
        if (endOfService.isGone()) {
            reject(response, new KintoError(410, dev.kintoj.core.Errno.SERVICE_DEPRECATED, "Gone",
                    "The service you are trying to connect no longer exists at this location.", null));
            return;
        }
        if (settings.readonly() && !READ_METHODS.contains(request.method())) {
            reject(response, KintoError.methodNotAllowed(null));
            return;
        }
        if (servedFiles.isPresent() && path.startsWith(servedFiles.get())) {
            // Attachment files served from the local folder (AttachmentRoute): outside the API.
            context.next();
            return;
        }
        Matcher versioned = VERSIONED.matcher(path);
        if (!versioned.matches()) {
            versionRedirect(request, response);
            return;
        }
        if (!versioned.group(1).equals("1")) {
            reject(response, new KintoError(404, dev.kintoj.core.Errno.VERSION_NOT_AVAILABLE, "Not Found",
                    "The requested API version is not available on this server.", null));
            return;
        }
        if (path.equals(Endpoints.PREFIX)) {
            redirect(request, response, Endpoints.PREFIX + "/", settings.trailingSlashRedirectTtlSeconds());
            return;
        }
        String apiPath = Endpoints.apiPath(path);
        ResourcePath resource = kinds.parse(apiPath).orElse(null);
        if (resource != null && keepsRoutes) {
            // Parsed once: the metrics read the route back when the request is answered (RequestMetrics). Not kept
            // without them: the request's first value costs its routing data a map.
            context.put(ResourcePath.ROUTED, resource);
        }
        String allowed = allowedMethods(apiPath, resource);
        if (allowed == null) {
            if (trailingSlashRedirects(apiPath)) {
                redirect(request, response, path.replaceAll("/+$", ""), settings.trailingSlashRedirectTtlSeconds());
            } else {
                reject(response, KintoError.unknownUrl());
            }
            return;
        }
        if (request.method() == HttpMethod.OPTIONS) {
            // Read-only, Kinto registers no write view at all: a write's preflight is one of a method not served.
            preflight(request, response, apiPath, settings.readonly() ? readsOnly(allowed) : allowed);
            return;
        }
        KintoError refusal = refusal(request.method().name(), allowed, request.getHeader("Origin"));
        if (refusal != null) {
            reject(response, refusal);
            return;
        }
        if (declaredLength(request) > maxBodyBytes && !Endpoints.isAttachment(apiPath)) {
            // Uploads have the attachment plugin's own limit (attachment.max_size_bytes, AttachmentRoute).
            // Vert.x would refuse it too, but with an empty body: answer with the envelope (errno 113).
            reject(response, new KintoError(413, dev.kintoj.core.Errno.REQUEST_TOO_LARGE, "Request Entity Too Large",
                    "Request body is larger than " + maxBodyBytes + " bytes.", null));
            return;
        }
        context.next();
    }

    /**
     * As {@link #allowedMethods(String)}, the path parsed: a resource endpoint's header is built once per kind,
     * plural or object, since the settings behind it do not change.
     */
    private String allowedMethods(String apiPath, ResourcePath resource) {
        if (resource == null) {
            return Endpoints.allowedMethods(dynamic, apiPath, null, utilities);
        }
        Map<String, String> byKind = resource.isPlural() ? pluralMethods : objectMethods;
        String allowed = byKind.get(resource.kind().name());
        if (allowed == null) {
            allowed = Endpoints.allowedMethods(dynamic, apiPath, resource, utilities);
            byKind.put(resource.kind().name(), allowed);
        }
        return allowed;
    }

    /**
     * The methods of the endpoint at this path after {@code /v1} (its Allow header), or null for an unknown path.
     * Resource paths may be templates ({@code /buckets/{bucket_id}}): ids are not checked here.
     */
    public String allowedMethods(String apiPath) {
        return allowedMethods(apiPath, kinds.parse(apiPath).orElse(null));
    }

    /** The non-resource endpoints this configuration serves, by path (or template) after {@code /v1}, with their methods. */
    public java.util.Map<String, String> utilityEndpoints() {
        return utilities;
    }

    /** Whether the method is one of an Allow header's (without splitting it on every request). */
    private static boolean listed(String allowed, String method) {
        for (int start = 0; start <= allowed.length(); ) {
            int end = allowed.indexOf(", ", start);
            end = end < 0 ? allowed.length() : end;
            if (end - start == method.length() && allowed.startsWith(method, start)) {
                return true;
            }
            start = end + 2;
        }
        return false;
    }

    /** 405 for a method the endpoint does not allow, 400 for a refused Origin; null when the request goes on. */
    KintoError refusal(String method, String allowed, String origin) {
        if (!listed(allowed, method)) {
            return KintoError.methodNotAllowed(allowed);
        }
        if (origin != null && !origins.allowed(origin)) {
            return KintoError.invalid(ValidationEntry.header("Origin", origin + " not allowed"));
        }
        return null;
    }

    /** An Allow header's read methods. */
    private static String readsOnly(String allowed) {
        return String.join(", ", java.util.Arrays.stream(allowed.split(", "))
                .filter(method -> READ_METHODS.contains(HttpMethod.valueOf(method))).toList());
    }

    boolean trailingSlashRedirects(String apiPath) {
        return apiPath.length() > 1 && apiPath.endsWith("/") && settings.trailingSlashRedirectEnabled();
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        try {
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void versionRedirect(HttpServerRequest request, HttpServerResponse response) {
        if (!settings.versionPrefixRedirectEnabled()) {
            reject(response, KintoError.unknownUrl());
            return;
        }
        if (request.method() == HttpMethod.OPTIONS) {
            response.setStatusCode(200).end();
            return;
        }
        String path = request.path().equals("/") ? "/" : request.path();
        redirect(request, response, Endpoints.PREFIX + path, settings.versionPrefixRedirectTtlSeconds());
    }

    private void redirect(HttpServerRequest request, HttpServerResponse response, String path, int ttlSeconds) {
        String query = request.query();
        response.setStatusCode(307)
                .putHeader("Location", baseUrl(request, settings) + path + (query == null || query.isEmpty() ? "" : "?" + query))
                .putHeader("Content-Type", "text/plain; charset=UTF-8");
        if (ttlSeconds >= 0) {
            long now = System.currentTimeMillis();
            response.putHeader("Cache-Control", ttlSeconds == 0
                    ? "max-age=0, must-revalidate, no-cache, no-store" : "max-age=" + ttlSeconds);
            response.putHeader("Expires", HttpDates.format(now + ttlSeconds * 1000L));
        }
        response.end("307 Temporary Redirect\n\nThe resource has been moved to " + path + ".");
    }

    private void preflight(HttpServerRequest request, HttpServerResponse response, String apiPath, String allowed) {
        String origin = request.getHeader("Origin");
        String method = request.getHeader("Access-Control-Request-Method");
        List<ValidationEntry> missing = new ArrayList<>();
        if (method == null) {
            missing.add(ValidationEntry.header("Access-Control-Request-Method", "this header is mandatory"));
        }
        if (origin == null) {
            missing.add(ValidationEntry.header("Origin", "this header is mandatory"));
        }
        if (!missing.isEmpty()) {
            reject(response, KintoError.invalid(400, missing));
            return;
        }
        if (!listed(allowed, method)) {
            // Kinto (through Cornice) refuses the preflight of a method the endpoint does not serve.
            reject(response, KintoError.invalid(ValidationEntry.header("Access-Control-Request-Method", "Method not allowed")));
            return;
        }
        Set<String> headers = new LinkedHashSet<>(List.of(Endpoints.exposedHeaders(kinds, apiPath, "GET").split(",")));
        headers.addAll(List.of(Endpoints.exposedHeaders(kinds, apiPath, "HEAD").split(",")));
        String requested = request.getHeader("Access-Control-Request-Headers");
        if (requested != null) {
            for (String header : requested.split(",")) {
                if (!header.isBlank()) {
                    headers.add(header.trim());
                }
            }
        }
        if (origins.allowed(origin)) {
            response.putHeader("Access-Control-Allow-Origin", origins.allowHeader(origin));
        }
        response.setStatusCode(200)
                .putHeader("Access-Control-Allow-Methods", allowed.replace(", ", ","))
                .putHeader("Access-Control-Allow-Headers", String.join(",", headers))
                .putHeader("Access-Control-Max-Age", String.valueOf(settings.corsMaxAgeSeconds()))
                .putHeader("Content-Type", "application/json")
                .end("null");
    }

    private void decorate(HttpServerRequest request, HttpServerResponse response) {
        decorate(request.method().name(), request.path(), request.getHeader("Origin"), response.getStatusCode(),
                response.headers());
    }

    /** Headers on every response of the service (api.md §1.4, §14, §15), batch subresponses included. */
    void decorate(String method, String path, String origin, int status, MultiMap headers) {
        headers.set("X-Content-Type-Options", "nosniff");
        if (!headers.contains("Content-Security-Policy")) {
            headers.set("Content-Security-Policy", CSP);
        }
        if (!method.equals("OPTIONS") && !headers.contains("Access-Control-Expose-Headers")) {
            String apiPath = path.startsWith(Endpoints.PREFIX + "/") ? Endpoints.apiPath(path) : path;
            headers.set("Access-Control-Expose-Headers", Endpoints.exposedHeaders(kinds, apiPath, method));
        }
        if (origin != null && origins.allowed(origin) && !headers.contains("Access-Control-Allow-Origin")) {
            headers.set("Access-Control-Allow-Origin", origins.allowHeader(origin));
        }
        settings.backoff().ifPresent(seconds -> {
            int percentage = settings.backoffPercentage().orElse(100);
            if (ThreadLocalRandom.current().nextInt(100) < percentage) {
                headers.set("Backoff", String.valueOf(seconds));
            }
        });
        if (!headers.contains("Alert")) {
            endOfService.alert(endOfService.isGone()).ifPresent(alert -> headers.set("Alert", alert));
        }
        if ((status == 409 || status == 503) && !headers.contains("Retry-After") && !path.endsWith("/__heartbeat__")) {
            headers.set("Retry-After", String.valueOf(settings.retryAfterSeconds()));
        }
    }

    private void reject(HttpServerResponse response, KintoError error) {
        error.headers.forEach(response::putHeader);
        response.setStatusCode(error.status)
                .putHeader("Content-Type", "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(Json.bytes(error.body())));
    }

    /**
     * Scheme and host of generated URLs: the request's, unless {@code http_scheme}/{@code http_host} are set. An
     * HTTP/1.0 request may name no host at all: the address it reached stands in.
     */
    static String baseUrl(HttpServerRequest request, KintoSettings settings) {
        String scheme = settings.httpScheme().orElseGet(() -> request.scheme() == null ? "http" : request.scheme());
        String host = settings.httpHost().orElseGet(() -> {
            String header = request.getHeader("Host");
            if (header != null && !header.isBlank()) {
                return header;
            }
            if (request.authority() != null) {
                return request.authority().toString();
            }
            io.vertx.core.net.SocketAddress local = request.localAddress();
            String address = local.hostAddress();
            return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + local.port();
        });
        return scheme + "://" + host;
    }
}
