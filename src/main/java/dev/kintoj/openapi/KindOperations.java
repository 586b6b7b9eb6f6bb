package dev.kintoj.openapi;

import dev.kintoj.core.ResourceKind;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The plural and object endpoints of one resource kind, derived from its declaration: path from the parents'
 * segments, schemas named after the kind, permission names from the kind. Every kind gets the same shape, as
 * the engine serves every kind the same way.
 */
final class KindOperations {

    private static final List<String> PLURAL_ERRORS = List.of("400", "401", "403", "404", "405", "406", "503");
    private static final List<String> OBJECT_ERRORS = List.of("400", "401", "403", "404", "405", "406", "409", "412", "503");

    private final ResourceKind kind;
    /** Upper camel case of the kind's name ({@code Record}) and segment ({@code Records}). */
    private final String singular;
    private final String plural;

    KindOperations(ResourceKind kind) {
        this.kind = kind;
        this.singular = camel(kind.name());
        this.plural = camel(kind.segment());
    }

    /** {@code /buckets/{bucket_id}/collections}: the plural path template after /v1. */
    String pluralPath() {
        StringBuilder path = new StringBuilder();
        for (ResourceKind parent = kind.parent(); parent != null; parent = parent.parent()) {
            path.insert(0, "/" + parent.segment() + "/{" + idParameter(parent) + "}");
        }
        return path + "/" + kind.segment();
    }

    String objectPath() {
        return pluralPath() + "/{" + idParameter(kind) + "}";
    }

    boolean hasObjectEndpoint() {
        return kind.hooks().hasObjectEndpoint();
    }

    String tag() {
        return kind.segment();
    }

    void addSchemas(Components components) {
        Schema data = Schemas.openObject()
                .description("A " + kind.name() + ": any JSON members besides those below.")
                .addProperty("id", Schemas.string("Chosen by the client or generated."))
                .addProperty("last_modified", Schemas.timestamp("Set by the server on every change."))
                .addProperty("deleted", Schemas.typed(SchemaType.BOOLEAN).description("True on tombstones."));
        Schema permissions = Schemas.typed(SchemaType.OBJECT).description("Principals per permission.");
        for (String permission : kind.permissions()) {
            permissions.addProperty(permission, Schemas.principals(null));
        }
        components.addSchema(singular, data);
        components.addSchema(singular + "Permissions", permissions);
        components.addSchema(singular + "Envelope", Schemas.typed(SchemaType.OBJECT)
                .addProperty("data", Schemas.ref(singular))
                .addProperty("permissions", Schemas.ref(singular + "Permissions")));
        components.addSchema(singular + "List", Schemas.typed(SchemaType.OBJECT)
                .addProperty("data", Schemas.arrayOf(Schemas.ref(singular))));
    }

    /** The plural endpoint's operations for the methods the configuration allows. */
    PathItem pluralItem(Set<String> methods) {
        PathItem item = OASFactory.createPathItem();
        if (kind.parent() != null) {
            item.setParameters(pathParameters(false));
        }
        if (methods.contains("GET")) {
            item.GET(operation("list" + plural, "List the " + kind.segment() + " the user may read.")
                    .parameters(listParameters())
                    .responses(responses(PLURAL_ERRORS, "200", ok("The page of " + kind.segment() + ".",
                            Schemas.ref(singular + "List"), "ETag", "Last-Modified", "Next-Page"))
                            .addAPIResponse("304", notModified())));
        }
        if (methods.contains("HEAD")) {
            item.HEAD(operation("count" + plural, "The headers of the list, with the number of objects.")
                    .parameters(listParameters())
                    .responses(responses(PLURAL_ERRORS, "200", ok("Headers only.", null,
                            "ETag", "Last-Modified", "Next-Page", "Total-Objects", "Total-Records"))));
        }
        if (methods.contains("POST")) {
            item.POST(operation("create" + singular, "Create a " + kind.name() + " (200 if one with this id exists).")
                    .parameters(List.of(HttpParts.parameter(HttpParts.IF_MATCH), HttpParts.parameter(HttpParts.IF_NONE_MATCH)))
                    .requestBody(body(HttpParts.json(Schemas.ref(singular + "Envelope")), false))
                    .responses(responses(withStatus(PLURAL_ERRORS, "409", "412", "415"), "201",
                            ok("Created.", Schemas.ref(singular + "Envelope"), "ETag", "Last-Modified"))
                            .addAPIResponse("200", ok("It existed already.", Schemas.ref(singular + "Envelope"),
                                    "ETag", "Last-Modified"))));
        }
        if (methods.contains("DELETE")) {
            item.DELETE(operation("deleteAll" + plural, "Delete the " + kind.segment()
                    + " matching the filters; answers their tombstones.")
                    .parameters(listParameters())
                    .responses(responses(withStatus(PLURAL_ERRORS, "412"), "200",
                            ok("The tombstones.", Schemas.ref(singular + "List"), "ETag", "Last-Modified", "Next-Page"))));
        }
        return item;
    }

    PathItem objectItem(Set<String> methods) {
        PathItem item = OASFactory.createPathItem();
        item.setParameters(pathParameters(true));
        String envelope = singular + "Envelope";
        if (methods.contains("GET")) {
            item.GET(operation("get" + singular, "Read a " + kind.name() + ".")
                    .parameters(List.of(HttpParts.parameter(HttpParts.IF_MATCH), HttpParts.parameter(HttpParts.IF_NONE_MATCH),
                            HttpParts.parameter("_fields")))
                    .responses(responses(OBJECT_ERRORS, "200", ok("The object.", Schemas.ref(envelope), "ETag", "Last-Modified"))
                            .addAPIResponse("304", notModified())));
        }
        if (methods.contains("HEAD")) {
            item.HEAD(operation("head" + singular, "The headers of a " + kind.name() + ".")
                    .parameters(List.of(HttpParts.parameter(HttpParts.IF_MATCH), HttpParts.parameter(HttpParts.IF_NONE_MATCH)))
                    .responses(responses(OBJECT_ERRORS, "200", ok("Headers only.", null, "ETag", "Last-Modified"))
                            .addAPIResponse("304", notModified())));
        }
        if (methods.contains("PUT")) {
            item.PUT(operation("replace" + singular, "Create or replace a " + kind.name() + ".")
                    .parameters(List.of(HttpParts.parameter(HttpParts.IF_MATCH), HttpParts.parameter(HttpParts.IF_NONE_MATCH)))
                    .requestBody(body(HttpParts.json(Schemas.ref(envelope)), false))
                    .responses(responses(withStatus(OBJECT_ERRORS, "415"), "200",
                            ok("Replaced.", Schemas.ref(envelope), "ETag", "Last-Modified"))
                            .addAPIResponse("201", ok("Created.", Schemas.ref(envelope), "ETag", "Last-Modified"))));
        }
        if (methods.contains("PATCH")) {
            Content patches = HttpParts.json(Schemas.ref(envelope))
                    .addMediaType("application/merge-patch+json", OASFactory.createMediaType().schema(Schemas.ref(envelope)))
                    .addMediaType("application/json-patch+json",
                            OASFactory.createMediaType().schema(Schemas.arrayOf(Schemas.ref(Schemas.JSON_PATCH))));
            item.PATCH(operation("patch" + singular, "Change some fields: a merge of data (application/json), "
                    + "a JSON merge patch (RFC 7396) or a JSON patch (RFC 6902).")
                    .parameters(List.of(HttpParts.parameter(HttpParts.IF_MATCH), HttpParts.parameter(HttpParts.IF_NONE_MATCH),
                            HttpParts.parameter(HttpParts.RESPONSE_BEHAVIOR)))
                    .requestBody(body(patches, true))
                    .responses(responses(withStatus(OBJECT_ERRORS, "415"), "200",
                            ok("Changed.", Schemas.ref(envelope), "ETag", "Last-Modified"))));
        }
        if (methods.contains("DELETE")) {
            item.DELETE(operation("delete" + singular, "Delete a " + kind.name() + " (and what it contains).")
                    .parameters(List.of(HttpParts.parameter(HttpParts.IF_MATCH)))
                    .responses(responses(OBJECT_ERRORS, "200", ok("The tombstone.", Schemas.ref(envelope),
                            "ETag", "Last-Modified"))));
        }
        return item;
    }

    private Operation operation(String id, String summary) {
        return OASFactory.createOperation().operationId(id).summary(summary).tags(List.of(tag()));
    }

    static List<org.eclipse.microprofile.openapi.models.parameters.Parameter> listParameters() {
        List<org.eclipse.microprofile.openapi.models.parameters.Parameter> parameters = new ArrayList<>();
        parameters.add(HttpParts.parameter(HttpParts.IF_MATCH));
        parameters.add(HttpParts.parameter(HttpParts.IF_NONE_MATCH));
        HttpParts.LIST_PARAMETERS.forEach(name -> parameters.add(HttpParts.parameter(name)));
        return parameters;
    }

    private List<org.eclipse.microprofile.openapi.models.parameters.Parameter> pathParameters(boolean object) {
        List<org.eclipse.microprofile.openapi.models.parameters.Parameter> parameters = new ArrayList<>();
        for (ResourceKind parent = kind.parent(); parent != null; parent = parent.parent()) {
            parameters.add(0, HttpParts.pathParameter(idParameter(parent)));
        }
        if (object) {
            parameters.add(HttpParts.pathParameter(idParameter(kind)));
        }
        return parameters;
    }

    private static RequestBody body(Content content, boolean required) {
        return OASFactory.createRequestBody().content(content).required(required);
    }

    static APIResponses responses(List<String> errors, String status, APIResponse success) {
        APIResponses responses = OASFactory.createAPIResponses().addAPIResponse(status, success);
        errors.forEach(error -> responses.addAPIResponse(error, HttpParts.errorRef(error)));
        return responses;
    }

    static APIResponse ok(String description, Schema schema, String... headers) {
        APIResponse response = OASFactory.createAPIResponse().description(description);
        if (schema != null) {
            response.content(HttpParts.json(schema));
        }
        return HttpParts.withHeaders(response, List.of(headers));
    }

    private static APIResponse notModified() {
        return HttpParts.withHeaders(OASFactory.createAPIResponse().description("Not modified since If-None-Match."),
                List.of("ETag", "Last-Modified"));
    }

    private static List<String> withStatus(List<String> errors, String... more) {
        List<String> all = new ArrayList<>(errors);
        for (String status : more) {
            if (!all.contains(status)) {
                all.add(status);
            }
        }
        all.sort(null);
        return all;
    }

    private static String idParameter(ResourceKind kind) {
        return kind.name() + "_id";
    }

    static String camel(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
