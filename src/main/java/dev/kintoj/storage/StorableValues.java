package dev.kintoj.storage;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * What every backend can store: PostgreSQL's jsonb cannot hold the NUL character, so no backend accepts it (the
 * same request must not succeed on one backend and fail on another).
 */
public final class StorableValues {

    private StorableValues() {
    }

    /** Fails with {@link InvalidValueException} when a key or string of the document contains U+0000. */
    public static void check(JsonNode node) {
        if (node.isTextual()) {
            if (node.textValue().indexOf('\0') >= 0) {
                throw new InvalidValueException("\\u0000 cannot be stored in a string");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().indexOf('\0') >= 0) {
                    throw new InvalidValueException("\\u0000 cannot be stored in a key");
                }
                check(field.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(StorableValues::check);
        }
    }
}
