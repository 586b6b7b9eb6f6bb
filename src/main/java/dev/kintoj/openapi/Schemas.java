package dev.kintoj.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import java.util.List;

/** Schema building blocks, and the component schemas every configuration shares (envelopes, errors, batch). */
final class Schemas {

    static final String ERROR = "ErrorEnvelope";
    static final String JSON_OBJECT = "JsonObject";
    static final String JSON_PATCH = "JsonPatchOperation";
    static final String BATCH_REQUEST = "BatchRequest";
    static final String BATCH_RESPONSE = "BatchResponse";
    static final String PERMISSIONS_ENTRY = "PermissionsEntry";
    static final String PERMISSIONS_LIST = "PermissionsList";

    private Schemas() {
    }

    static Schema ref(String component) {
        return OASFactory.createSchema().ref("#/components/schemas/" + component);
    }

    static Schema typed(SchemaType type) {
        return OASFactory.createSchema().type(List.of(type));
    }

    static Schema string(String description) {
        return typed(SchemaType.STRING).description(description);
    }

    static Schema timestamp(String description) {
        return typed(SchemaType.INTEGER).format("int64").description(description);
    }

    static Schema arrayOf(Schema items) {
        return typed(SchemaType.ARRAY).items(items);
    }

    /** An object that may carry any other member: Kinto objects are free-form JSON. */
    static Schema openObject() {
        return typed(SchemaType.OBJECT).additionalPropertiesBoolean(true);
    }

    static Schema principals(String description) {
        return arrayOf(string(null)).description(description);
    }

    static void addShared(Components components) {
        components.addSchema(JSON_OBJECT, openObject().description("Any JSON object."));
        components.addSchema(ERROR, typed(SchemaType.OBJECT)
                .description("Kinto's error envelope: every failure is answered with it.")
                .addProperty("code", typed(SchemaType.INTEGER).description("The HTTP status."))
                .addProperty("errno", typed(SchemaType.INTEGER).description("Kinto's error number (errors.md)."))
                .addProperty("error", string("The HTTP reason phrase."))
                .addProperty("message", string("What went wrong."))
                .addProperty("info", string("A link to documentation."))
                .addProperty("details", openObject().description("Extra data: the failed fields, the existing object..."))
                .required(List.of("code", "errno", "error")));
        components.addSchema(JSON_PATCH, typed(SchemaType.OBJECT)
                .description("One JSON-Patch operation (RFC 6902); paths start with /data or /permissions.")
                .addProperty("op", string(null).enumeration(List.of("add", "remove", "replace", "move", "copy", "test")))
                .addProperty("path", string(null))
                .addProperty("from", string(null))
                .addProperty("value", OASFactory.createSchema().description("Any JSON value."))
                .required(List.of("op", "path")));
        components.addSchema("BatchSubrequest", typed(SchemaType.OBJECT)
                .addProperty("method", string("Defaults to the batch's defaults, then GET."))
                .addProperty("path", string("A path under /v1, with its query string."))
                .addProperty("headers", typed(SchemaType.OBJECT).additionalPropertiesSchema(string(null)))
                .addProperty("body", openObject())
                .required(List.of("path")));
        components.addSchema(BATCH_REQUEST, typed(SchemaType.OBJECT)
                .description("Several requests in one, run in order in one transaction.")
                .addProperty("defaults", openObject().description("Values of every subrequest that sets none."))
                .addProperty("requests", arrayOf(ref("BatchSubrequest")))
                .required(List.of("requests")));
        components.addSchema("BatchSubresponse", typed(SchemaType.OBJECT)
                .addProperty("status", typed(SchemaType.INTEGER))
                .addProperty("path", string(null))
                .addProperty("headers", typed(SchemaType.OBJECT).additionalPropertiesSchema(string(null)))
                .addProperty("body", OASFactory.createSchema().description("The subrequest's JSON response.")));
        components.addSchema(BATCH_RESPONSE, typed(SchemaType.OBJECT)
                .addProperty("responses", arrayOf(ref("BatchSubresponse"))));
        components.addSchema(PERMISSIONS_ENTRY, openObject()
                .description("An object the user has permissions on.")
                .addProperty("id", string(null))
                .addProperty("uri", string(null))
                .addProperty("resource_name", string(null))
                .addProperty("bucket_id", string(null))
                .addProperty("permissions", arrayOf(string(null))));
        components.addSchema(PERMISSIONS_LIST, typed(SchemaType.OBJECT)
                .addProperty("data", arrayOf(ref(PERMISSIONS_ENTRY))));
    }
}
