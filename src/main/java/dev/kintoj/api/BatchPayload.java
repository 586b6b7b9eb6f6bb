package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.PythonRepr;
import dev.kintoj.core.ValidationEntry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST /v1/batch} (batch.md §1): the defaults merged into each request, then validated with
 * the reference server's messages. Any problem rejects the whole batch with one 400 listing every entry.
 */
final class BatchPayload {

    static final String ENDPOINT = "/batch";
    private static final List<String> METHODS = List.of("GET", "HEAD", "DELETE", "TRACE", "POST", "PUT", "PATCH");
    private static final Set<String> REQUEST_KEYS = Set.of("method", "path", "headers", "body");
    private static final Set<String> PAYLOAD_KEYS = Set.of("defaults", "requests");

    /** One subrequest as specified: {@code body} null when absent; {@code headers} in the order given. */
    record Subrequest(String method, String path, Map<String, String> headers, ObjectNode body) {
    }

    private BatchPayload() {
    }

    static List<Subrequest> parse(JsonNode payload, Optional<Integer> limit) {
        List<ValidationEntry> errors = new ArrayList<>();
        if (payload == null) {
            throw KintoError.invalid(ValidationEntry.body("requests", "Required"));
        }
        if (!payload.isObject()) {
            throw KintoError.invalid(ValidationEntry.body("", notMapping(payload)));
        }
        unknownKeys(payload, PAYLOAD_KEYS, "", errors);
        JsonNode defaults = payload.get("defaults");
        if (defaults != null) {
            checkRequest(defaults, "defaults", false, errors);
        }
        JsonNode requests = payload.get("requests");
        List<Subrequest> parsed = new ArrayList<>();
        if (requests == null) {
            errors.add(ValidationEntry.body("requests", "Required"));
        } else if (!requests.isArray()) {
            errors.add(ValidationEntry.body("requests", "\"" + str(requests) + "\" is not iterable"));
        } else {
            for (int i = 0; i < requests.size(); i++) {
                JsonNode request = requests.get(i);
                if (request.isObject() && defaults != null && defaults.isObject()) {
                    request = merged((ObjectNode) request, (ObjectNode) defaults);
                }
                if (checkRequest(request, "requests." + i, true, errors)) {
                    parsed.add(subrequest(request));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw KintoError.invalid(400, errors);
        }
        if (limit.isPresent() && parsed.size() > limit.get()) {
            throw KintoError.invalid(ValidationEntry.body("requests", "Number of requests is limited to " + limit.get()));
        }
        if (parsed.stream().anyMatch(request -> request.path().contains(ENDPOINT))) {
            throw KintoError.invalid(ValidationEntry.body("requests", "Recursive call on " + ENDPOINT + " endpoint is forbidden."));
        }
        return parsed;
    }

    /** Keys of the defaults missing from the request are copied; objects are merged the same way, recursively. */
    private static ObjectNode merged(ObjectNode request, ObjectNode defaults) {
        ObjectNode result = request.deepCopy();
        mergeInto(result, defaults);
        return result;
    }

    private static void mergeInto(ObjectNode target, ObjectNode defaults) {
        for (Iterator<Map.Entry<String, JsonNode>> it = defaults.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode present = target.get(field.getKey());
            if (present == null) {
                target.set(field.getKey(), field.getValue().deepCopy());
            } else if (present.isObject() && field.getValue().isObject()) {
                mergeInto((ObjectNode) present, (ObjectNode) field.getValue());
            }
        }
    }

    /** Adds the problems of one request (or of the defaults, where the path is optional); true when it is valid. */
    private static boolean checkRequest(JsonNode request, String name, boolean pathRequired, List<ValidationEntry> errors) {
        int before = errors.size();
        if (!request.isObject()) {
            errors.add(ValidationEntry.body(name, notMapping(request)));
            return false;
        }
        unknownKeys(request, REQUEST_KEYS, name, errors);
        JsonNode method = request.get("method");
        if (method != null) {
            if (!method.isTextual()) {
                errors.add(ValidationEntry.body(name + ".method", str(method) + " is not a string"));
            } else if (!METHODS.contains(method.textValue())) {
                errors.add(ValidationEntry.body(name + ".method",
                        "\"" + method.textValue() + "\" is not one of " + String.join(", ", METHODS)));
            }
        }
        JsonNode path = request.get("path");
        if (path == null) {
            if (pathRequired) {
                errors.add(ValidationEntry.body(name + ".path", "Required"));
            }
        } else if (!path.isTextual()) {
            errors.add(ValidationEntry.body(name + ".path", str(path) + " is not a string"));
        } else if (!path.textValue().startsWith("/")) {
            errors.add(ValidationEntry.body(name + ".path", "String does not match expected pattern"));
        }
        JsonNode headers = request.get("headers");
        if (headers != null) {
            if (!headers.isObject()) {
                errors.add(ValidationEntry.body(name + ".headers", notMapping(headers)));
            } else {
                for (JsonNode value : headers) {
                    if (!value.isTextual()) {
                        errors.add(ValidationEntry.body(name + ".headers", PythonRepr.of(headers) + " contains non string value"));
                        break;
                    }
                }
            }
        }
        JsonNode body = request.get("body");
        if (body != null && !body.isObject()) {
            errors.add(ValidationEntry.body(name + ".body", notMapping(body)));
        }
        return errors.size() == before;
    }

    private static void unknownKeys(JsonNode mapping, Set<String> known, String name, List<ValidationEntry> errors) {
        ObjectNode unknown = ((ObjectNode) mapping).objectNode();
        mapping.fields().forEachRemaining(field -> {
            if (!known.contains(field.getKey())) {
                unknown.set(field.getKey(), field.getValue());
            }
        });
        if (!unknown.isEmpty()) {
            errors.add(ValidationEntry.body(name, "Unrecognized keys in mapping: \"" + PythonRepr.of(unknown) + "\""));
        }
    }

    private static Subrequest subrequest(JsonNode request) {
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode given = request.get("headers");
        if (given != null) {
            given.fields().forEachRemaining(field -> headers.put(field.getKey(), field.getValue().textValue()));
        }
        JsonNode method = request.get("method");
        JsonNode body = request.get("body");
        return new Subrequest(method == null ? "GET" : method.textValue(), request.get("path").textValue(), headers,
                body == null ? null : (ObjectNode) body);
    }

    private static String notMapping(JsonNode value) {
        return "\"" + str(value) + "\" is not a mapping type: Does not implement dict-like functionality.";
    }

    /** Python's str() of a JSON value, as the reference messages show values. */
    private static String str(JsonNode value) {
        return value.isTextual() ? value.textValue() : PythonRepr.of(value);
    }
}
