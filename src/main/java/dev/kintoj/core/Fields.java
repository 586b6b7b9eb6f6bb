package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.storage.FieldPath;

import java.util.List;

/** Dotted field paths: resolution and the {@code _fields} projection (api.md §8.6). */
public final class Fields {

    private Fields() {
    }

    public static JsonNode resolve(JsonNode object, String dotted) {
        return FieldPath.resolve(object, dotted);
    }

    /** Keeps {@code id}, {@code last_modified} and the requested (possibly dotted) fields. */
    public static ObjectNode project(ObjectNode object, List<String> fields) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (String field : fields) {
            copy(object, result, field.split("\\.", -1), 0);
        }
        for (String always : List.of("id", "last_modified")) {
            if (object.has(always)) {
                result.set(always, object.get(always));
            }
        }
        return result;
    }

    private static void copy(ObjectNode source, ObjectNode target, String[] path, int index) {
        JsonNode value = source.get(path[index]);
        if (value == null) {
            return;
        }
        if (index == path.length - 1 || !value.isObject()) {
            target.set(path[index], value);
            return;
        }
        JsonNode existing = target.get(path[index]);
        ObjectNode child = existing instanceof ObjectNode o ? o : target.putObject(path[index]);
        copy((ObjectNode) value, child, path, index + 1);
    }
}
