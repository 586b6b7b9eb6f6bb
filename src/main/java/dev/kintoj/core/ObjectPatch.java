package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A PATCH body in one of its three flavours, chosen by Content-Type (api.md §5.3). */
public final class ObjectPatch {

    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String JSON_PATCH = "application/json-patch+json";

    private enum Flavour { SHALLOW, MERGE, JSON_PATCH }

    /** The merged data (without {@code last_modified} unless forced) and the permissions to write. */
    public record Result(ObjectNode data, Map<String, List<String>> permissions) {
    }

    private final Flavour flavour;
    private final ResourceKind kind;
    private final Envelope envelope;
    private final ArrayNode operations;
    private ObjectNode sentData;

    private ObjectPatch(Flavour flavour, ResourceKind kind, Envelope envelope, ArrayNode operations) {
        this.flavour = flavour;
        this.kind = kind;
        this.envelope = envelope;
        this.operations = operations;
        this.sentData = envelope == null ? null : envelope.data();
    }

    public static ObjectPatch parse(String contentType, JsonNode body, ResourceKind kind) {
        if (JSON_PATCH.equals(contentType)) {
            return new ObjectPatch(Flavour.JSON_PATCH, kind, null, JsonPatch.validate(body));
        }
        Envelope envelope = Envelope.parse(body, kind);
        if (!envelope.hasData() && !envelope.hasPermissions()) {
            throw KintoError.invalidBody("data", "Provide at least one of data or permissions");
        }
        return new ObjectPatch(MERGE_PATCH.equals(contentType) ? Flavour.MERGE : Flavour.SHALLOW, kind, envelope, null);
    }

    public Result apply(ObjectNode existing, Map<String, Set<String>> acl) {
        return switch (flavour) {
            case SHALLOW -> shallow(existing);
            case MERGE -> merge(existing);
            case JSON_PATCH -> jsonPatch(existing, acl);
        };
    }

    private Result shallow(ObjectNode existing) {
        ObjectNode data = base(existing);
        if (envelope.hasData()) {
            envelope.data().fields().forEachRemaining(e -> data.set(e.getKey(), e.getValue().deepCopy()));
        }
        Map<String, List<String>> permissions = new LinkedHashMap<>();
        if (envelope.hasPermissions()) {
            envelope.permissions().forEach((name, principals) -> {
                if (principals != null) {
                    permissions.put(name, principals);
                }
            });
        }
        return new Result(data, permissions);
    }

    private Result merge(ObjectNode existing) {
        ObjectNode data = base(existing);
        if (envelope.hasData()) {
            mergeInto(data, envelope.data());
        }
        Map<String, List<String>> permissions = new LinkedHashMap<>();
        if (envelope.hasPermissions()) {
            envelope.permissions().forEach((name, principals) -> permissions.put(name, principals == null ? List.of() : principals));
        }
        return new Result(data, permissions);
    }

    /** RFC 7396: null removes, objects merge recursively (replacing a non-object), everything else replaces. */
    private static void mergeInto(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                target.remove(entry.getKey());
            } else if (value.isObject()) {
                JsonNode current = target.get(entry.getKey());
                ObjectNode child = current instanceof ObjectNode o ? o : target.putObject(entry.getKey());
                mergeInto(child, (ObjectNode) value);
            } else {
                target.set(entry.getKey(), value.deepCopy());
            }
        }
    }

    private Result jsonPatch(ObjectNode existing, Map<String, Set<String>> acl) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.set("data", existing.deepCopy());
        ObjectNode permissionsDoc = document.putObject("permissions");
        permissionsDoc.putObject("read");
        permissionsDoc.putObject("write");
        acl.forEach((name, principals) -> {
            ObjectNode set = permissionsDoc.putObject(name);
            principals.forEach(p -> set.put(p, p));
        });
        JsonNode patched = JsonPatch.apply(document, operations);
        JsonNode data = patched.path("data");
        if (!data.isObject()) {
            throw KintoError.invalidBody("data", "\"" + Json.text(data) + "\" is not a mapping type: Does not implement dict-like functionality.");
        }
        ObjectNode result = (ObjectNode) data;
        if (!result.has("id")) {
            result.set("id", existing.get("id"));
        }
        JsonNode lastModified = result.get("last_modified");
        if (lastModified != null && lastModified.equals(existing.get("last_modified"))) {
            result.remove("last_modified");
        }
        Map<String, List<String>> permissions = new LinkedHashMap<>();
        JsonNode patchedPermissions = patched.path("permissions");
        for (Iterator<Map.Entry<String, JsonNode>> it = patchedPermissions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<String> principals = new ArrayList<>();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                value.fieldNames().forEachRemaining(principals::add);
            } else if (value.isArray()) {
                value.forEach(p -> principals.add(p.asText()));
            }
            permissions.put(entry.getKey(), principals);
        }
        for (String name : permissions.keySet()) {
            if (!kind.permissions().contains(name)) {
                throw KintoError.invalidBody("permissions", "\"" + name + "\" is not one of " + String.join(", ", kind.permissions()));
            }
        }
        sentData = result;
        return new Result(result, permissions);
    }

    private static ObjectNode base(ObjectNode existing) {
        ObjectNode data = existing.deepCopy();
        data.remove("last_modified");
        return data;
    }

    /**
     * The {@code light} body: the sent top-level keys whose value changed; {@code diff}: of those, the ones whose
     * stored value differs from what was sent. Keys the patch removed are left out.
     */
    public ObjectNode partialResponse(String behavior, ObjectNode existing, ObjectNode stored) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        if (sentData == null) {
            return data;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = sentData.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            JsonNode storedValue = stored.get(key);
            boolean changed = storedValue != null && !key.equals("last_modified") && !storedValue.equals(existing.get(key));
            if (changed && !(behavior.equals("diff") && storedValue.equals(entry.getValue()))) {
                data.set(key, storedValue);
            }
        }
        return data;
    }
}
