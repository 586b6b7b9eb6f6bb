package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request envelope {@code {"data": {...}, "permissions": {...}}} (api.md §3.1), validated for one kind.
 * {@code data} is null when absent; a permission mapped to null was sent as {@code null}.
 */
public record Envelope(ObjectNode data, Map<String, List<String>> permissions) {

    public boolean hasData() {
        return data != null;
    }

    public boolean hasPermissions() {
        return permissions != null;
    }

    /** Validates a JSON body (null or missing = empty body = {@code {}}). */
    public static Envelope parse(JsonNode body, ResourceKind kind) {
        if (body == null || body.isMissingNode()) {
            return new Envelope(null, null);
        }
        if (!body.isObject()) {
            throw notAnObject(body);
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("data") && !key.equals("permissions")) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            StringBuilder rendered = new StringBuilder("{");
            for (String key : unknown) {
                if (rendered.length() > 1) {
                    rendered.append(", ");
                }
                rendered.append('\'').append(key).append("': ").append(PythonRepr.of(body.get(key)));
            }
            throw KintoError.invalidBody("", "Unrecognized keys in mapping: \"" + rendered.append('}') + "\"");
        }
        ObjectNode data = null;
        JsonNode dataNode = body.get("data");
        if (dataNode != null) {
            if (!dataNode.isObject()) {
                throw KintoError.invalidBody("data", "\"" + Json.text(dataNode) + "\" is not a mapping type: Does not implement dict-like functionality.");
            }
            data = (ObjectNode) dataNode;
        }
        JsonNode permissionsNode = body.get("permissions");
        return new Envelope(data, permissionsNode == null ? null : parsePermissions(permissionsNode, kind));
    }

    /** Scalars are refused before anything else (errors.md §4.4). */
    public static KintoError notAnObject(JsonNode body) {
        if (body.isArray()) {
            return KintoError.invalidBody("", "\"" + PythonRepr.of(body) + "\" is not a mapping type: Does not implement dict-like functionality.");
        }
        return KintoError.invalid(ValidationEntry.body("", "Should be a JSON object or an array"), ValidationEntry.body("", "Required"));
    }

    static Map<String, List<String>> parsePermissions(JsonNode node, ResourceKind kind) {
        if (!node.isObject()) {
            throw KintoError.invalidBody("permissions", "\"" + Json.text(node) + "\" is not a mapping type: Does not implement dict-like functionality.");
        }
        // Refused before anything is written (the object would be stored first, its ACL second).
        dev.kintoj.storage.StorableValues.check(node);
        Map<String, List<String>> permissions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (!kind.permissions().contains(name)) {
                throw KintoError.invalidBody("permissions", "\"" + name + "\" is not one of " + String.join(", ", kind.permissions()));
            }
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                permissions.put(name, null);
                continue;
            }
            if (!value.isArray()) {
                throw KintoError.invalidBody("permissions." + name, "\"" + Json.text(value) + "\" is not iterable");
            }
            List<String> principals = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode principal = value.get(i);
                if (!principal.isTextual()) {
                    throw KintoError.invalidBody("permissions." + name + "." + i, "\"" + Json.text(principal) + "\" is not a string");
                }
                if (!principals.contains(principal.textValue())) {
                    principals.add(principal.textValue());
                }
            }
            permissions.put(name, principals);
        }
        return permissions;
    }
}
