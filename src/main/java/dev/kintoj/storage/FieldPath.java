package dev.kintoj.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Dotted field paths into stored JSON objects ({@code person.name}). */
public final class FieldPath {

    private FieldPath() {
    }

    /** The value at the path, or the missing node when a step is absent or steps into a non-object. */
    public static JsonNode resolve(JsonNode object, String dottedField) {
        JsonNode current = object;
        int start = 0;
        while (true) {
            int dot = dottedField.indexOf('.', start);
            String step = dot < 0 ? dottedField.substring(start) : dottedField.substring(start, dot);
            if (current == null || !current.isObject()) {
                return MissingNode.getInstance();
            }
            current = current.get(step);
            if (current == null) {
                return MissingNode.getInstance();
            }
            if (dot < 0) {
                return current;
            }
            start = dot + 1;
        }
    }
}
