package dev.kintoj.api;

import dev.kintoj.config.DynamicSettings;
import dev.kintoj.config.Plugins;
import dev.kintoj.core.ResourceKinds;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.history.Snapshots;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a {@code /v1} path is: a resource endpoint, a utility endpoint or nothing (for CORS, 405 and redirects). */
final class Endpoints {

    static final String PREFIX = "/v1";
    static final String PERMISSIONS = "/permissions";
    static final List<String> BASE_EXPOSED = List.of("Backoff", "Retry-After", "Alert", "Content-Length", "Content-Type");
    static final List<String> OBJECT_READ_EXPOSED = List.of("Last-Modified", "ETag", "Cache-Control", "Expires", "Pragma");
    static final List<String> PLURAL_READ_EXPOSED = List.of("Next-Page", "Last-Modified", "ETag", "Cache-Control", "Expires", "Pragma");
    static final List<String> COUNT_EXPOSED = List.of("Total-Objects", "Total-Records");

    static final String PLURAL_METHODS = "HEAD, GET, POST, DELETE, OPTIONS";
    static final String OBJECT_METHODS = "GET, HEAD, PUT, PATCH, DELETE, OPTIONS";
    private static final List<String> OBJECT_METHOD_LIST = List.of(OBJECT_METHODS.split(", "));

    static final String FLUSH = "/__flush__";
    static final String COUNTERS = "/__counters__";
    /** The admin UI: {@code /admin} (a redirect), {@code /admin/} and every path under it. */
    static final String ADMIN = "/admin";
    private static final String ADMIN_FILES = "/admin/{subpath}";
    static final String METRICS = "/__metrics__";
    /** Followed by one path segment, the principal (plugins.md §9). */
    static final String USER_DATA = "/__user_data__/";
    /** The history snapshots, by their template (paths are matched with {@link Snapshots#PATH}). */
    static final String SNAPSHOT = "/buckets/{bucket_id}/snapshot/collections/{collection_id}@{timestamp}";

    /** The OpenID login dance (plugins.md §6), by template; any provider name routes (an unknown one is a 400). */
    static final String OPENID_LOGIN = "/openid/{provider}/login";
    static final String OPENID_TOKEN = "/openid/{provider}/token";
    private static final java.util.regex.Pattern OPENID = java.util.regex.Pattern.compile("^/openid/([^/]+)/(login|token)$");

    private static final String READ_METHODS = "GET, HEAD, OPTIONS";
    /** The change feed's endpoints, by their templates (paths are matched with {@link ChangesEndpoint#PATH}). */
    static final String BUCKET_CHANGES = "/buckets/{bucket_id}/changes";
    static final String COLLECTION_CHANGES = "/buckets/{bucket_id}/collections/{collection_id}/changes";
    private static final String STREAM_METHODS = "GET, OPTIONS";
    /** The attachment of a record (kinto-attachment plugin), by its template. */
    static final String ATTACHMENT = "/buckets/{bucket_id}/collections/{collection_id}/records/{id}/attachment";
    private static final java.util.regex.Pattern ATTACHMENT_PATH =
            java.util.regex.Pattern.compile("^/buckets/[^/]+/collections/[^/]+/records/[^/]+/attachment$");

    private static final Map<String, String> UTILITIES = Map.of(
            "/", READ_METHODS,
            "/__heartbeat__", READ_METHODS,
            "/__lbheartbeat__", READ_METHODS,
            "/__version__", READ_METHODS,
            "/contribute.json", READ_METHODS,
            ApiDocumentEndpoint.PATH, READ_METHODS,
            BatchPayload.ENDPOINT, "POST, OPTIONS",
            // A template (never equal to a request's path, which isUserData matches): it names the endpoint for
            // the OpenAPI document and the gate's table.
            USER_DATA + "{principal}", "DELETE, OPTIONS");

    private Endpoints() {
    }

    /** The path after {@code /v1}, e.g. {@code /buckets/b1}; {@code /} for the root. */
    static String apiPath(String fullPath) {
        String rest = fullPath.substring(PREFIX.length());
        return rest.isEmpty() ? "/" : rest;
    }

    /**
     * The non-resource endpoints this configuration serves (path to methods): the core utilities, plus the
     * permissions endpoint and plugin endpoints when enabled. Any other path of the kind is an unknown URL.
     */
    static Map<String, String> utilities(Plugins plugins, boolean permissionsEndpoint, boolean changeFeed) {
        Map<String, String> utilities = new java.util.HashMap<>(UTILITIES);
        if (changeFeed) {
            utilities.put(BUCKET_CHANGES, STREAM_METHODS);
            utilities.put(COLLECTION_CHANGES, STREAM_METHODS);
        }
        if (permissionsEndpoint) {
            utilities.put(PERMISSIONS, READ_METHODS);
        }
        if (plugins.includes(Plugins.FLUSH)) {
            utilities.put(FLUSH, "POST, OPTIONS");
        }
        if (plugins.includes(Plugins.COUNTERS)) {
            utilities.put(COUNTERS, READ_METHODS);
        }
        if (plugins.includes(Plugins.HISTORY)) {
            utilities.put(SNAPSHOT, READ_METHODS);
        }
        if (plugins.includes(Plugins.ADMIN)) {
            utilities.put(ADMIN, READ_METHODS);
            utilities.put(ADMIN_FILES, READ_METHODS);
        }
        if (plugins.includes(Plugins.PROMETHEUS)) {
            utilities.put(METRICS, READ_METHODS);
        }
        if (plugins.includes(Plugins.OPENID)) {
            utilities.put(OPENID_LOGIN, READ_METHODS);
            utilities.put(OPENID_TOKEN, READ_METHODS);
        }
        if (plugins.includes(Plugins.ATTACHMENT)) {
            utilities.put(ATTACHMENT, "POST, DELETE, OPTIONS");
        }
        return Map.copyOf(utilities);
    }

    /**
     * The methods of the endpoint (the {@code Allow} header) without those disabled by
     * {@code <plural|object>_<resource>_<method>_enabled} settings, or null for an unknown path.
     * {@code utilities}: as given by {@link #utilities}; {@code resource}: the path parsed, null when no resource kind
     * serves it.
     */
    static String allowedMethods(DynamicSettings settings, String apiPath, ResourcePath resource, Map<String, String> utilities) {
        if (resource == null) {
            if (isUserData(apiPath)) {
                return "DELETE, OPTIONS";
            }
            java.util.regex.Matcher changes = ChangesEndpoint.PATH.matcher(apiPath);
            if (changes.matches()) {
                return utilities.get(changes.group(2) == null ? BUCKET_CHANGES : COLLECTION_CHANGES);
            }
            if (isAttachment(apiPath)) {
                return utilities.get(ATTACHMENT);
            }
            // Clients may send the snapshot's "@" percent-encoded.
            boolean snapshot = utilities.containsKey(SNAPSHOT) && Snapshots.PATH.matcher(apiPath.replace("%40", "@")).matches();
            if (!snapshot && apiPath.startsWith(ADMIN + "/")) {
                return utilities.get(ADMIN_FILES);
            }
            if (!snapshot && openIdProvider(apiPath) != null) {
                return utilities.get(OPENID_LOGIN);
            }
            return utilities.get(snapshot ? SNAPSHOT : apiPath);
        }
        List<String> allowed = new java.util.ArrayList<>();
        for (String method : resource.isPlural() ? resource.kind().hooks().pluralMethods() : OBJECT_METHOD_LIST) {
            String setting = method.equals("HEAD") ? "get" : method;
            if (method.equals("OPTIONS") || settings.methodEnabled(resource.isPlural(), resource.kind().name(), setting)) {
                allowed.add(method);
            }
        }
        return String.join(", ", allowed);
    }

    /** The provider name of an OpenID login or token path, null for any other path. */
    static String openIdProvider(String apiPath) {
        java.util.regex.Matcher matcher = OPENID.matcher(apiPath);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** A record's attachment path (whether or not the plugin is included). */
    static boolean isAttachment(String apiPath) {
        return apiPath.endsWith("/attachment") && ATTACHMENT_PATH.matcher(apiPath).matches();
    }

    static boolean isUserData(String apiPath) {
        return apiPath.startsWith(USER_DATA) && apiPath.length() > USER_DATA.length()
                && apiPath.indexOf('/', USER_DATA.length()) < 0;
    }

    /** The value of Access-Control-Expose-Headers for a response to this method on this path. */
    static String exposedHeaders(ResourceKinds kinds, String apiPath, String method) {
        boolean get = method.equals("GET");
        if (!get && !method.equals("HEAD")) {
            return EXPOSED_BASE;
        }
        if (apiPath.equals(PERMISSIONS)) {
            return get ? EXPOSED_PLURAL_GET : EXPOSED_PLURAL_HEAD;
        }
        Optional<ResourcePath> resource = kinds.parse(apiPath);
        if (resource.isEmpty()) {
            return EXPOSED_BASE;
        }
        return !resource.get().isPlural() ? EXPOSED_OBJECT_READ : get ? EXPOSED_PLURAL_GET : EXPOSED_PLURAL_HEAD;
    }

    // Joined once: the header goes on every response.
    private static final String EXPOSED_BASE = exposed(BASE_EXPOSED);
    private static final String EXPOSED_OBJECT_READ = exposed(BASE_EXPOSED, OBJECT_READ_EXPOSED);
    private static final String EXPOSED_PLURAL_GET = exposed(BASE_EXPOSED, PLURAL_READ_EXPOSED);
    private static final String EXPOSED_PLURAL_HEAD = exposed(BASE_EXPOSED, PLURAL_READ_EXPOSED, COUNT_EXPOSED);

    @SafeVarargs
    private static String exposed(List<String>... parts) {
        return String.join(",", java.util.Arrays.stream(parts).flatMap(List::stream).toList());
    }
}
