package dev.kintoj.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kintoj.core.KintoError;

import java.util.List;

/**
 * The JSON-Schema library (networknt) behind api.md §3.5 and §12, in one place: its registry, the Draft 7
 * meta-schema check of stored schemas and compilation. It validates our Jackson trees as they are.
 */
public final class JsonSchemas {

    private static final String DRAFT_7 = "http://json-schema.org/draft-07/schema#";

    /*
     * The library compiles and validates recursively: a document nested deeply enough (our parser accepts 1000
     * levels), or a $ref cycle that never descends into the data, exhausts the event loop's stack. That is bad
     * input, answered with a 400, not a crash: the stack is unwound by then, and the library keeps no lock or
     * shared state across a validation.
     */
    static final String TOO_DEEP = "Too deeply nested or recursive to be validated";

    /*
     * The registry's own schema cache is off: it would keep every schema ever compiled, and an $id declared in one
     * user's schema would become resolvable from another's. CompiledSchemas caches instead, bounded. $ref may
     * only reach the drafts' meta-schemas (bundled in the library): never the network, nor our classpath.
     * Without $schema the latest draft applies (Kinto: jsonschema's validator_for default).
     */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaCacheEnabled(false)
                    .schemaLoader(loader -> loader.block(iri -> !isMetaSchema(iri.toString()))));

    private JsonSchemas() {
    }

    private static boolean isMetaSchema(String iri) {
        return iri.startsWith("http://json-schema.org/") || iri.startsWith("https://json-schema.org/");
    }

    /** Loaded on first use, so that a service without schemas never pays for it. */
    private static final class Draft7 {
        static final Schema META = REGISTRY.getSchema(SchemaLocation.of(DRAFT_7));
    }

    /**
     * A stored schema field must be valid against the Draft 7 meta-schema, whether validation is enabled or not
     * (api.md §3.5). The description is the last path element of the failure followed by the message, without
     * separator, as Kinto words it.
     */
    public static void requireValidSchema(ObjectNode data, String field, String prefix) {
        JsonNode schema = data.get(field);
        if (schema == null || !schema.isObject()) {
            return;
        }
        List<Error> errors;
        try {
            errors = Draft7.META.validate(schema);
        } catch (StackOverflowError e) {
            throw KintoError.invalidBody(prefix + field, TOO_DEEP);
        }
        if (errors.isEmpty()) {
            return;
        }
        SchemaFailure failure = SchemaFailure.of(errors, schema);
        throw KintoError.invalidBody(prefix + field, failure.lastPathElement() + failure.description());
    }

    /** Compiles a schema and resolves its references now; throws the library's exceptions when it cannot. */
    static Schema compile(JsonNode schema) {
        Schema compiled = REGISTRY.getSchema(schema);
        compiled.initializeValidators();
        return compiled;
    }
}
