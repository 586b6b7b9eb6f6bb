package dev.kintoj.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.DynamicSettings;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.AlongsideIdentity;
import dev.kintoj.core.DefaultBucket;
import dev.kintoj.core.Identity;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ObjectPatch;
import dev.kintoj.core.ObjectService;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.core.ResourceRequest;
import dev.kintoj.core.ResourceResponse;
import dev.kintoj.core.ValidationEntry;
import dev.kintoj.events.Events;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns an HTTP request on a resource endpoint into a {@link ResourceRequest} (content negotiation, body parsing)
 * and the engine's answer back into a response.
 */
@Singleton
public class ResourceHttp {

    private static final List<String> FORWARDED_HEADERS = List.of("if-match", "if-none-match", "response-behavior");
    private static final byte[] EMPTY_LIST = "{\"data\":[]}".getBytes(StandardCharsets.UTF_8);

    private final ObjectService service;
    private final KintoSettings settings;
    private final DynamicSettings dynamic;
    private final Authenticator authenticator;
    private final DefaultBucket defaultBucket;
    private final Events events;

    public ResourceHttp(ObjectService service, KintoSettings settings, DynamicSettings dynamic, Authenticator authenticator,
                        DefaultBucket defaultBucket, Events events) {
        this.events = events;
        this.service = service;
        this.settings = settings;
        this.dynamic = dynamic;
        this.authenticator = authenticator;
        this.defaultBucket = defaultBucket;
    }

    /** Serves a request to a resource endpoint; {@code identity} is its authenticated requester. */
    public Uni<Response> handle(ApiRequest request, Uni<Identity> identity) {
        return events.request(() -> serve(request, identity));
    }

    /** The methods whose first reads are made ahead: reads, and the checks that precede a write's transaction. */
    private static final Set<String> READ_AHEAD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    /**
     * For a request on a resource, the reads the engine will make (for a write, those that decide whether it is
     * allowed), to be made together with the requester's groups ({@link ObjectService#readAhead}). Requests to the
     * default bucket are not read ahead: their path depends on the identity.
     */
    AlongsideIdentity readAhead(ApiRequest request) {
        String method = request.method();
        if (!READ_AHEAD_METHODS.contains(method) || defaultBucket.targets(request.apiPath())) {
            return AlongsideIdentity.NOTHING;
        }
        try {
            ResourcePath path = service.kinds().parse(request.apiPath()).orElse(null);
            List<Map.Entry<String, String>> query = query(request.query());
            return path == null ? AlongsideIdentity.NOTHING
                    : (groupsOf, identity) -> service.readAhead(path, query, method, groupsOf, identity);
        } catch (RuntimeException refused) {
            return AlongsideIdentity.NOTHING; // the request is refused in turn, as it would be otherwise
        }
    }

    private Uni<Response> serve(ApiRequest request, Uni<Identity> identity) {
        String method = request.method();
        String apiPath = request.apiPath();
        if (defaultBucket.targets(apiPath)) {
            // plugins.md §1.2: the request is served as if sent to the personal bucket, once it exists.
            // prepare refuses anonymous requests first: they have no personal bucket.
            return identity.chain(user -> defaultBucket.prepare(method, apiPath, user).chain(() -> {
                String realPath = defaultBucket.realPath(apiPath, user.userId());
                return dispatch(request, realPath, parsed -> defaultBucket.rewriteBody(parsed, user.userId()),
                        Uni.createFrom().item(user), request.baseUrl() + Endpoints.PREFIX + realPath);
            }));
        }
        return dispatch(request, apiPath, parsed -> parsed, identity, request.baseUrl() + request.path());
    }

    private Uni<Response> dispatch(ApiRequest http, String apiPath, UnaryOperator<JsonNode> bodyRewrite,
                                   Uni<Identity> identity, String url) {
        String method = http.method();
        byte[] body = http.body();
        ResourcePath path = service.kinds().parse(apiPath).orElseThrow(KintoError::unknownUrl);
        String httpMethod = method.equals("HEAD") ? "get" : method;
        if (!dynamic.methodEnabled(path.isPlural(), path.kind().name(), httpMethod)) {
            throw KintoError.methodNotAllowed(path.isPlural() ? Endpoints.PLURAL_METHODS : Endpoints.OBJECT_METHODS);
        }
        String contentType = mediaType(http.header("Content-Type"));
        Map<String, String> headers = new HashMap<>();
        for (String name : FORWARDED_HEADERS) {
            String value = http.header(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        List<Map.Entry<String, String>> query = query(http.query());
        boolean head = method.equals("HEAD");
        // Kinto resolves a record's collection while routing, before content negotiation (errors.md §5).
        Uni<Void> routed = method.equals("GET") || head ? Uni.createFrom().voidItem() : service.requireParent(path, identity);
        return routed.chain(() -> {
                    checkAccept(http.header("Accept"));
                    boolean hasBody = body != null && body.length > 0;
                    checkContentType(method, contentType, hasBody);
                    JsonNode parsed = bodyRewrite.apply(hasBody ? parseBody(body) : null);
                    return identity.chain(user -> service.handle(
                            new ResourceRequest(method, path, query, headers, parsed, contentType, user, url)));
                })
                .map(response -> render(response, head, path.isPlural()));
    }

    /** HEAD answers carry the Content-Length of the GET body (an empty list for plural HEAD) but no body. */
    static Response render(ResourceResponse response, boolean head, boolean plural) {
        Response.ResponseBuilder builder = Response.status(response.status());
        response.headers().forEach(builder::header);
        if (response.status() == 304) {
            return builder.build();
        }
        byte[] entity = head && plural ? EMPTY_LIST : response.body() == null ? null : Json.bytes(response.body());
        if (head) {
            builder.header("Content-Length", entity == null ? 0 : entity.length);
        } else if (entity != null) {
            builder.entity(entity);
        }
        return builder.type("application/json").build();
    }

    /** 406 unless the Accept header (when present) accepts JSON (api.md §1.3). */
    private static void checkAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(param.substring(2)) <= 0;
                    } catch (NumberFormatException e) {
                        refused = true;
                    }
                }
            }
            if (!refused && (type.equals("*/*") || type.equals("application/*") || type.equals("application/json"))) {
                return;
            }
        }
        String message = "Accept header should be one of ['application/json']";
        throw KintoError.invalid(406, List.of(ValidationEntry.header("Accept", message)));
    }

    /** 415 for a body in another media type; a request without body or Content-Type is accepted (api.md §1.3). */
    static void checkContentType(String method, String contentType, boolean hasBody) {
        if (contentType == null || !hasBody || !(method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            return;
        }
        List<String> accepted = method.equals("PATCH")
                ? List.of(ObjectPatch.MERGE_PATCH, ObjectPatch.JSON_PATCH, "application/json")
                : List.of("application/json");
        if (!accepted.contains(contentType)) {
            StringBuilder list = new StringBuilder("[");
            for (String type : accepted) {
                list.append(list.length() > 1 ? ", '" : "'").append(type).append('\'');
            }
            String message = "Content-Type header should be one of " + list.append(']');
            throw KintoError.invalid(415, List.of(ValidationEntry.header("Content-Type", message)));
        }
    }

    static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The JSON body, null when empty; errno 107 "Invalid JSON" otherwise (errors.md §4.4). */
    static JsonNode parseBody(byte[] body) {
        if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            String description = "Invalid JSON: " + e.getOriginalMessage();
            throw KintoError.invalid(ValidationEntry.body("", description), ValidationEntry.body("", "Required"));
        } catch (java.io.IOException e) {
            throw KintoError.invalidBody("", "Invalid JSON: " + e.getMessage());
        }
    }

    /** Decoded query parameters in order (form encoding: {@code +} is a space). */
    static List<Map.Entry<String, String>> query(String raw) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(Map.entry(decode(name), decode(value)));
        }
        return params;
    }

    private static String decode(String text) {
        try {
            return PercentDecoding.decode(text, true);
        } catch (IllegalArgumentException e) {
            throw KintoError.invalidQuery(text, e.getMessage());
        }
    }
}
