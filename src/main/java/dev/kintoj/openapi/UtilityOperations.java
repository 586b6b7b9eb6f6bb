package dev.kintoj.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoints that are not resource kinds (hello, heartbeats, batch, plugin endpoints...). Each path the gate
 * serves becomes an operation per allowed method: the ones described here get their names and schemas, any
 * other (a newly registered endpoint) a generic JSON operation, so it is documented as soon as it is served.
 */
final class UtilityOperations {

    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}]+)}");
    private static final List<String> ERRORS = List.of("400", "401", "403", "404", "405", "503");

    /** What is known of an endpoint: its operation id stem, tag, summary, request and response schemas. */
    record Description(String id, String tag, String summary, String request, String response, String status) {
        /** Lists take the list parameters (filters, sorting, pagination). */
        boolean isList() {
            return response != null && response.endsWith("List");
        }
    }

    private static final Map<String, Description> KNOWN = Map.ofEntries(
            Map.entry("/", new Description("serverInfo", "utilities",
                    "The server's settings, capabilities and the current user.", null, Schemas.JSON_OBJECT, "200")),
            Map.entry("/__heartbeat__", new Description("heartbeat", "utilities",
                    "The state of each backend (true when reachable); 503 when one is not.", null, Schemas.JSON_OBJECT, "200")),
            Map.entry("/__lbheartbeat__", new Description("lbHeartbeat", "utilities",
                    "Answers as soon as the process runs (load balancer check).", null, Schemas.JSON_OBJECT, "200")),
            Map.entry("/__version__", new Description("version", "utilities",
                    "The deployed version (version.json).", null, Schemas.JSON_OBJECT, "200")),
            Map.entry("/contribute.json", new Description("contribute", "utilities",
                    "Information about the project.", null, Schemas.JSON_OBJECT, "200")),
            Map.entry("/__api__", new Description("openApi", "utilities",
                    "This OpenAPI document.", null, Schemas.JSON_OBJECT, "200")),
            Map.entry("/batch", new Description("batch", "batch",
                    "Run several requests in one transaction.", Schemas.BATCH_REQUEST, Schemas.BATCH_RESPONSE, "200")),
            Map.entry("/permissions", new Description("permissions", "permissions",
                    "The objects the user has permissions on.", null, Schemas.PERMISSIONS_LIST, "200")),
            Map.entry("/__flush__", new Description("flush", "utilities",
                    "Delete everything (flush plugin).", null, Schemas.JSON_OBJECT, "202")),
            Map.entry("/__counters__", new Description("counters", "utilities",
                    "Number of objects per kind (counters plugin).", null, Schemas.JSON_OBJECT, "200")),
            Map.entry("/buckets/{bucket_id}/snapshot/collections/{collection_id}@{timestamp}", new Description(
                    "collectionSnapshot", "history", "The records of a collection as they were at a timestamp (history plugin).",
                    null, Schemas.JSON_OBJECT, "200")),
            Map.entry("/__user_data__/{principal}", new Description("deleteUserData", "utilities",
                    "Delete what the principal owns and remove it from every ACL and group (user-data_delete_principals).",
                    null, Schemas.JSON_OBJECT, "200")),
            Map.entry("/__metrics__", new Description("metrics", "utilities",
                    "Metrics in the Prometheus text format (prometheus plugin).", null, null, "200")),
            // Server-Sent Events (text/event-stream), not JSON: no response schema.
            Map.entry("/buckets/{bucket_id}/changes", new Description("bucketChanges", "changes",
                    "Live change feed of the bucket's collections, groups and records (Server-Sent Events; "
                            + "Last-Event-ID or _since resumes).", null, null, "200")),
            Map.entry("/buckets/{bucket_id}/collections/{collection_id}/changes", new Description("collectionChanges",
                    "changes", "Live change feed of the collection's records (Server-Sent Events; Last-Event-ID or "
                            + "_since resumes).", null, null, "200")),
            Map.entry("/admin", new Description("adminUi", "admin",
                    "Redirects to the admin UI (admin plugin).", null, null, "307")),
            Map.entry("/admin/{subpath}", new Description("adminFile", "admin",
                    "The admin UI's index and files (admin plugin).", null, null, "200")),
            Map.entry("/openid/{provider}/login", new Description("openidLogin", "openid",
                    "Starts the OpenID login: redirects to the provider (query: callback, scope, optional prompt=none).",
                    null, null, "307")),
            Map.entry("/openid/{provider}/token", new Description("openidToken", "openid",
                    "Where the provider sends the browser back (query: code or error, state): redirects to the callback "
                            + "with the provider's tokens, base64-encoded.", null, null, "307")));

    private UtilityOperations() {
    }

    static String tag(String path) {
        return describe(path).tag();
    }

    static PathItem item(String path, List<String> methods) {
        Description description = describe(path);
        PathItem item = OASFactory.createPathItem();
        List<Parameter> parameters = new ArrayList<>();
        Matcher names = TEMPLATE.matcher(path);
        while (names.find()) {
            parameters.add(HttpParts.pathParameter(names.group(1)));
        }
        if (!parameters.isEmpty()) {
            item.setParameters(parameters);
        }
        String primary = methods.stream().filter(m -> !m.equals("HEAD") && !m.equals("OPTIONS")).findFirst().orElse("GET");
        for (String method : methods) {
            Operation operation = operation(description, method, method.equals(primary));
            switch (method) {
                case "GET" -> item.GET(operation);
                case "HEAD" -> item.HEAD(operation);
                case "POST" -> item.POST(operation);
                case "PUT" -> item.PUT(operation);
                case "PATCH" -> item.PATCH(operation);
                case "DELETE" -> item.DELETE(operation);
                default -> {
                    // OPTIONS (CORS preflight) is answered by the gate for every endpoint: not an API operation.
                }
            }
        }
        return item;
    }

    /** {@code primary}: the endpoint's main method (GET, or POST for batch), which takes the plain operation id. */
    private static Operation operation(Description description, String method, boolean primary) {
        boolean head = method.equals("HEAD");
        String id = head ? description.id() + "Headers"
                : primary ? description.id()
                : method.toLowerCase(java.util.Locale.ROOT) + KindOperations.camel(description.id());
        // No response schema: the body is not JSON (metrics' text format, the admin UI's files).
        Schema schema = head || description.response() == null ? null : Schemas.ref(description.response());
        APIResponses responses = KindOperations.responses(ERRORS, description.status(),
                KindOperations.ok(description.summary(), schema));
        Operation operation = OASFactory.createOperation().operationId(id).summary(description.summary())
                .tags(List.of(description.tag())).responses(responses);
        if (description.isList()) {
            operation.parameters(KindOperations.listParameters());
        }
        if (description.request() != null && primary) {
            operation.requestBody(OASFactory.createRequestBody().required(true)
                    .content(HttpParts.json(Schemas.ref(description.request()))));
        }
        return operation;
    }

    /** A generic description for an endpoint this class does not know: named after its path. */
    private static Description describe(String path) {
        Description known = KNOWN.get(path);
        if (known != null) {
            return known;
        }
        String name = KindOperations.camel(TEMPLATE.matcher(path).replaceAll(m -> "by " + m.group(1)));
        String id = name.isEmpty() ? "root" : Character.toLowerCase(name.charAt(0)) + name.substring(1);
        return new Description(id, "utilities", "The " + path + " endpoint.", null, Schemas.JSON_OBJECT, "200");
    }
}
