package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Renders JSON values the way the reference server's messages quote them (Python's repr): {@code [1, 2]},
 * {@code {'a': 'x'}}, {@code True}, {@code None}. Clients only rely on message prefixes, but matching the
 * reference keeps diffs between the two servers empty.
 */
public final class PythonRepr {

    private PythonRepr() {
    }

    public static String of(JsonNode value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, JsonNode value) {
        switch (value.getNodeType()) {
            case NULL -> out.append("None");
            case BOOLEAN -> out.append(value.booleanValue() ? "True" : "False");
            case STRING -> out.append('\'').append(value.textValue().replace("\\", "\\\\").replace("'", "\\'")).append('\'');
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < value.size(); i++) {
                    out.append(i > 0 ? ", " : "");
                    append(out, value.get(i));
                }
                out.append(']');
            }
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); first = false) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    out.append(first ? "" : ", ").append('\'').append(entry.getKey()).append("': ");
                    append(out, entry.getValue());
                }
                out.append('}');
            }
            default -> out.append(value.toString());
        }
    }
}
