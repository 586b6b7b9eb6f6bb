package dev.kintoj.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP vocabulary of the API as reusable components: query and header parameters, response headers and the
 * error responses. Operations refer to them by name, so a document lists each once.
 */
final class HttpParts {

    static final String JSON = "application/json";

    /** List parameters (api.md §6), in the order they appear on list operations. */
    static final List<String> LIST_PARAMETERS = List.of("_limit", "_token", "_sort", "_since", "_before", "_to",
            "_fields", "filters");
    static final String IF_MATCH = "If-Match";
    static final String IF_NONE_MATCH = "If-None-Match";
    static final String RESPONSE_BEHAVIOR = "Response-Behavior";

    /** Headers any response may carry (api.md §1.4, §15). */
    private static final List<String> EVERY_RESPONSE = List.of("Backoff", "Retry-After", "Alert");

    /** The error responses operations declare, by status: Kinto's envelope for each. */
    private static final Map<String, String> ERRORS = errors();

    private HttpParts() {
    }

    private static Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "Invalid parameters, headers or body (errno 104, 106, 107, 109...).");
        errors.put("401", "Authentication required (errno 104).");
        errors.put("403", "Not allowed (errno 121).");
        errors.put("404", "Unknown object or URL (errno 110, 111).");
        errors.put("405", "Method not allowed here, or read-only mode (errno 115).");
        errors.put("406", "Accept header not supported (errno 105).");
        errors.put("409", "Conflict (errno 122).");
        errors.put("412", "A precondition header failed (errno 114); details.existing holds the current object.");
        errors.put("415", "Content-Type not supported (errno 105).");
        errors.put("503", "A backend is unavailable (errno 201).");
        return errors;
    }

    static void addComponents(Components components) {
        query(components, "_limit", Schemas.typed(SchemaType.INTEGER).minimum(java.math.BigDecimal.ONE),
                "Number of objects per page; the Next-Page header links to the next one.");
        query(components, "_token", Schemas.string(null), "Pagination token, as given in the Next-Page URL.");
        query(components, "_sort", Schemas.string(null),
                "Comma-separated fields to sort by; a leading '-' sorts descending (e.g. -last_modified,title).");
        query(components, "_since", Schemas.timestamp(null), "Only objects changed after this timestamp (tombstones included).");
        query(components, "_before", Schemas.timestamp(null), "Only objects changed before this timestamp.");
        query(components, "_to", Schemas.timestamp(null), "Alias of _before.");
        query(components, "_fields", Schemas.string(null), "Comma-separated fields to return (id and last_modified always are).");
        components.addParameter("filters", OASFactory.createParameter().name("filters").in(Parameter.In.QUERY)
                .style(Parameter.Style.FORM).explode(true)
                .description("Filters on any field, nested ones with dots: `field=value`, or an operator prefix: "
                        + "`min_`, `max_`, `lt_`, `gt_`, `not_`, `eq_`, `in_`, `exclude_`, `like_`, `has_`, "
                        + "`contains_`, `contains_any_` (e.g. `min_n=2&in_status=done,open`).")
                .schema(Schemas.typed(SchemaType.OBJECT).additionalPropertiesSchema(Schemas.string(null))));
        header(components, IF_MATCH, "Only if the current ETag is this one (a quoted timestamp), or any object for *; else 412.");
        header(components, IF_NONE_MATCH, "Only if the current ETag is not this one (304 on reads, 412 on writes); * for 'does not exist'.");
        components.addParameter(RESPONSE_BEHAVIOR, OASFactory.createParameter().name(RESPONSE_BEHAVIOR)
                .in(Parameter.In.HEADER)
                .description("full (default): the whole object; light: only what changed; diff: the changed fields.")
                .schema(Schemas.string(null).enumeration(List.of("full", "light", "diff"))));

        responseHeader(components, "ETag", Schemas.string(null), "The quoted timestamp of the object or list.");
        responseHeader(components, "Last-Modified", Schemas.string(null), "The same timestamp as an HTTP date.");
        responseHeader(components, "Next-Page", Schemas.string(null), "URL of the next page, when there is one.");
        responseHeader(components, "Total-Objects", Schemas.typed(SchemaType.INTEGER), "Number of objects matching the filters.");
        responseHeader(components, "Total-Records", Schemas.typed(SchemaType.INTEGER), "Same as Total-Objects (older clients).");
        responseHeader(components, "Backoff", Schemas.typed(SchemaType.INTEGER), "Seconds the client should wait before its next request.");
        responseHeader(components, "Retry-After", Schemas.typed(SchemaType.INTEGER), "Seconds to wait before retrying (409, 503).");
        responseHeader(components, "Alert", Schemas.string(null), "JSON object announcing the end of service of this version.");

        ERRORS.forEach((status, description) -> components.addResponse(errorName(status),
                withHeaders(OASFactory.createAPIResponse().description(description)
                        .content(json(Schemas.ref(Schemas.ERROR))), List.of())));
    }

    private static void query(Components components, String name, Schema schema, String description) {
        components.addParameter(name, OASFactory.createParameter().name(name).in(Parameter.In.QUERY)
                .description(description).schema(schema));
    }

    private static void header(Components components, String name, String description) {
        components.addParameter(name, OASFactory.createParameter().name(name).in(Parameter.In.HEADER)
                .description(description).schema(Schemas.string(null)));
    }

    private static void responseHeader(Components components, String name, Schema schema, String description) {
        components.addHeader(name, OASFactory.createHeader().description(description).schema(schema));
    }

    static Parameter parameter(String name) {
        return OASFactory.createParameter().ref("#/components/parameters/" + name);
    }

    static Parameter pathParameter(String name) {
        return OASFactory.createParameter().name(name).in(Parameter.In.PATH).required(true)
                .schema(Schemas.string(null));
    }

    static Content json(Schema schema) {
        return OASFactory.createContent().addMediaType(JSON, OASFactory.createMediaType().schema(schema));
    }

    /** A response with the headers every response may carry plus {@code headers} (component names). */
    static APIResponse withHeaders(APIResponse response, List<String> headers) {
        for (String name : headers) {
            response.addHeader(name, headerRef(name));
        }
        for (String name : EVERY_RESPONSE) {
            response.addHeader(name, headerRef(name));
        }
        return response;
    }

    private static Header headerRef(String name) {
        return OASFactory.createHeader().ref("#/components/headers/" + name);
    }

    static APIResponse errorRef(String status) {
        return OASFactory.createAPIResponse().ref("#/components/responses/" + errorName(status));
    }

    private static String errorName(String status) {
        return "Error" + status;
    }
}
