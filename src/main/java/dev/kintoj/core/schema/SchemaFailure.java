package dev.kintoj.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import dev.kintoj.core.Json;
import dev.kintoj.core.PythonRepr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one failure a 400 reports out of the validator's errors, chosen, named and worded as Kinto does with
 * Python's jsonschema (api.md §12): the error closest to the root wins, {@code anyOf}/{@code oneOf} count as one
 * failure of the union (not of its branches) and lose ties, messages are Python's for the common keywords.
 * Clients rely only on the status, errno and name; the wording keeps diffs with the reference small.
 */
final class SchemaFailure {

    /** Keywords whose value names the schema's own subschemas: a segment after them is a name, not a keyword. */
    private static final Set<String> NAMING = Set.of("properties", "patternProperties", "definitions", "$defs",
            "dependentSchemas", "dependencies");
    private static final Set<String> UNIONS = Set.of("anyOf", "oneOf");

    private final String keyword;
    private final List<Object> path;
    private final JsonNode instance;
    private final JsonNode keywordValue;
    private final List<String> properties = new ArrayList<>();
    private final Error error;

    private SchemaFailure(String keyword, List<Object> path, JsonNode instance, JsonNode keywordValue, Error error) {
        this.keyword = keyword;
        this.path = path;
        this.instance = instance;
        this.keywordValue = keywordValue;
        this.error = error;
    }

    /** The failure to report; {@code document} is the validated JSON (ours), to quote the failing values. */
    static SchemaFailure of(List<Error> errors, JsonNode document) {
        Map<String, SchemaFailure> folded = new LinkedHashMap<>();
        for (Error error : errors) {
            List<Object> path = elements(error.getInstanceLocation());
            List<String> evaluation = names(error.getEvaluationPath());
            int union = unionIndex(evaluation);
            if (union >= 0) {
                // A union fails as a whole where it applies: at the shallowest of its branches' failures.
                String key = String.join("/", evaluation.subList(0, union + 1));
                SchemaFailure known = folded.get(key);
                if (known == null || known.path.size() > path.size()) {
                    SchemaFailure failure = new SchemaFailure(evaluation.get(union), path, at(document, path), null, error);
                    folded.put(key, failure);
                }
                continue;
            }
            String key = String.join("/", evaluation) + "@" + error.getInstanceLocation();
            SchemaFailure known = folded.get(key);
            if (known != null && "additionalProperties".equals(error.getKeyword())) {
                // Python reports all unexpected properties in one message.
                known.properties.add(error.getProperty());
                continue;
            }
            if (known == null) {
                SchemaFailure failure = new SchemaFailure(keywordOf(error, evaluation), path, at(document, path),
                        error.getSchemaNode(), error);
                if (error.getProperty() != null) {
                    failure.properties.add(error.getProperty());
                }
                folded.put(key, failure);
            }
        }
        // Python's best_match: the shallowest error, non-union before union; the first of equals.
        return folded.values().stream()
                .min(Comparator.<SchemaFailure>comparingInt(f -> f.path.size())
                        .thenComparingInt(f -> UNIONS.contains(f.keyword) ? 1 : 0))
                .orElseThrow();
    }

    /**
     * api.md §12: the last element of the failing instance path; at the root, the last element of the keyword's
     * value (the last required property), or else the keyword. Kinto would take the last character of a string
     * value, or fail on a mapping; we name the keyword instead.
     */
    String name() {
        if (!path.isEmpty()) {
            return String.valueOf(path.get(path.size() - 1));
        }
        if (keywordValue != null && keywordValue.isArray() && !keywordValue.isEmpty()
                && keywordValue.get(keywordValue.size() - 1).isTextual()) {
            return keywordValue.get(keywordValue.size() - 1).textValue();
        }
        return keyword;
    }

    /** The last element of the instance path, empty at the root (stored-schema messages start with it). */
    String lastPathElement() {
        return path.isEmpty() ? "" : String.valueOf(path.get(path.size() - 1));
    }

    /** The message of Python's jsonschema for the keyword, the library's own for the rare others. */
    String description() {
        String value = instance == null ? "None" : PythonRepr.of(instance);
        JsonNode v = keywordValue;
        return switch (keyword) {
            case "required", "additionalProperties" -> properties.isEmpty() ? error.getMessage() : python(value, v);
            default -> python(value, v);
        };
    }

    private String python(String value, JsonNode v) {
        return switch (keyword) {
            case "required" -> PythonRepr.of(Json.MAPPER.getNodeFactory().textNode(properties.get(0))) + " is a required property";
            case "additionalProperties" -> "Additional properties are not allowed (" + properties.stream()
                    .map(p -> PythonRepr.of(Json.MAPPER.getNodeFactory().textNode(p)))
                    .collect(Collectors.joining(", ")) + (properties.size() == 1 ? " was" : " were") + " unexpected)";
            case "anyOf", "oneOf" -> value + " is not valid under any of the given schemas";
            case "type" -> value + " is not of type " + types(v);
            case "enum" -> value + " is not one of " + repr(v);
            case "const" -> repr(v) + " was expected";
            case "minimum" -> value + " is less than the minimum of " + repr(v);
            case "maximum" -> value + " is greater than the maximum of " + repr(v);
            case "exclusiveMinimum" -> value + " is less than or equal to the minimum of " + repr(v);
            case "exclusiveMaximum" -> value + " is greater than or equal to the maximum of " + repr(v);
            case "multipleOf" -> value + " is not a multiple of " + repr(v);
            case "minLength", "minItems" -> value + " is too short";
            case "maxLength", "maxItems" -> value + " is too long";
            case "minProperties" -> value + " does not have enough properties";
            case "maxProperties" -> value + " has too many properties";
            case "pattern" -> value + " does not match " + repr(v);
            case "format" -> value + " is not a " + repr(v);
            case "uniqueItems" -> value + " has non-unique elements";
            case "not" -> value + " should not be valid under " + repr(v);
            case "false" -> "False schema does not allow " + value;
            default -> error.getMessage();
        };
    }

    private static String repr(JsonNode value) {
        return value == null ? "None" : PythonRepr.of(value);
    }

    private static String types(JsonNode type) {
        if (type == null || !type.isArray()) {
            return repr(type);
        }
        List<String> names = new ArrayList<>();
        type.forEach(t -> names.add(repr(t)));
        return String.join(", ", names);
    }

    /** The failing keyword: as the library names it, else the last segment of where it was evaluated. */
    private static String keywordOf(Error error, List<String> evaluation) {
        if (error.getKeyword() != null) {
            return error.getKeyword();
        }
        return evaluation.isEmpty() ? "schema" : evaluation.get(evaluation.size() - 1);
    }

    /** Index of the first union keyword of an evaluation path, -1 if none. */
    private static int unionIndex(List<String> evaluation) {
        for (int i = 0; i < evaluation.size(); i++) {
            if (UNIONS.contains(evaluation.get(i)) && (i == 0 || !NAMING.contains(evaluation.get(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static List<Object> elements(NodePath path) {
        List<Object> elements = new ArrayList<>(path.getNameCount());
        for (int i = 0; i < path.getNameCount(); i++) {
            elements.add(path.getElement(i));
        }
        return elements;
    }

    private static List<String> names(NodePath path) {
        List<String> names = new ArrayList<>(path.getNameCount());
        for (int i = 0; i < path.getNameCount(); i++) {
            names.add(String.valueOf(path.getElement(i)));
        }
        return names;
    }

    private static JsonNode at(JsonNode document, List<Object> path) {
        JsonNode node = document;
        for (Object element : path) {
            if (node == null) {
                return null;
            }
            node = element instanceof Integer index ? node.get(index) : node.get(String.valueOf(element));
        }
        return node;
    }
}
