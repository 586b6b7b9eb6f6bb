package dev.kintoj.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InvalidSchemaRefException;
import com.networknt.schema.Schema;
import com.networknt.schema.SpecificationVersion;
import dev.kintoj.core.ValidationEntry;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A stored schema ready to validate objects (api.md §12): the fields it does not see are decided once, with
 * {@code id} among them unless its {@code properties} mention it, and its {@code required} list is pruned of
 * them (removed when nothing is left). A schema the library cannot compile (unresolvable {@code $ref}, bad
 * regular expression) is kept as such, so that it fails every validation with name {@code schema}.
 */
final class CompiledSchema {

    private final Set<String> ignored;
    private final Schema schema;
    private final String unusable;

    private CompiledSchema(Set<String> ignored, Schema schema, String unusable) {
        this.ignored = ignored;
        this.schema = schema;
        this.unusable = unusable;
    }

    static CompiledSchema compile(JsonNode stored, Set<String> ignoredFields) {
        Set<String> ignored = new HashSet<>(ignoredFields);
        if (!stored.path("properties").has("id")) {
            ignored.add("id");
        }
        ObjectNode effective = stored.deepCopy();
        JsonNode required = effective.get("required");
        if (required != null && required.isArray()) {
            ArrayNode kept = effective.arrayNode();
            required.forEach(field -> {
                if (!(field.isTextual() && ignored.contains(field.textValue()))) {
                    kept.add(field);
                }
            });
            if (kept.isEmpty()) {
                effective.remove("required");
            } else {
                effective.set("required", kept);
            }
        }
        knownDialect(effective);
        try {
            return new CompiledSchema(Set.copyOf(ignored), JsonSchemas.compile(effective), null);
        } catch (RuntimeException e) {
            return new CompiledSchema(Set.copyOf(ignored), null, describe(e));
        } catch (StackOverflowError e) {
            return new CompiledSchema(Set.copyOf(ignored), null, JsonSchemas.TOO_DEEP);
        }
    }

    /**
     * {@code $schema} names a draft with or without its trailing {@code #}, as Python's jsonschema normalizes it;
     * an unknown one falls back to the latest draft as it does there (rather than loading a dialect from elsewhere).
     */
    private static void knownDialect(ObjectNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return;
        }
        String id = declared.isTextual() ? declared.textValue() : "";
        if (SpecificationVersion.fromDialectId(id).isPresent()) {
            return;
        }
        String other = id.endsWith("#") ? id.substring(0, id.length() - 1) : id + "#";
        if (SpecificationVersion.fromDialectId(other).isPresent()) {
            schema.put("$schema", other);
        } else {
            schema.remove("$schema");
        }
    }

    /** The failure of the object (its ignored fields left out), or null when it is valid. */
    ValidationEntry check(ObjectNode data) {
        if (unusable != null) {
            return ValidationEntry.body("schema", unusable);
        }
        ObjectNode visible = data.deepCopy();
        visible.remove(ignored);
        List<Error> errors;
        try {
            // Kinto validates without a format checker: "format" never fails an object, whatever the draft.
            errors = schema.validate(visible,
                    context -> context.executionConfig(config -> config.formatAssertionsEnabled(false)));
        } catch (RuntimeException e) {
            // References are resolved lazily in places (dynamic references): same answer as at compilation.
            return ValidationEntry.body("schema", describe(e));
        } catch (StackOverflowError e) {
            return ValidationEntry.body("schema", JsonSchemas.TOO_DEEP);
        }
        if (errors.isEmpty()) {
            return null;
        }
        SchemaFailure failure = SchemaFailure.of(errors, visible);
        return ValidationEntry.body(failure.name(), failure.description());
    }

    private static String describe(RuntimeException e) {
        if (e instanceof InvalidSchemaRefException) {
            return e.getMessage();
        }
        if (e.getCause() instanceof IOException io) {
            return "Unresolvable: " + io.getMessage();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "Invalid schema: " + message.lines().findFirst().orElse("");
    }
}
