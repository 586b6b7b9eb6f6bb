package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** RFC 6902 JSON Patch on a JSON document, with Kinto's validation messages (api.md §5.3 c, errors.md §4.10). */
public final class JsonPatch {

    private static final Set<String> OPS = Set.of("add", "remove", "replace", "move", "copy", "test");
    private static final Set<String> KEYS = Set.of("op", "path", "from", "value");
    private static final Pattern PATH = Pattern.compile("^/.*", Pattern.DOTALL);
    private static final Pattern PRINCIPAL_PATH = Pattern.compile("^/permissions/(read|write)/.+$", Pattern.DOTALL);

    private JsonPatch() {
    }

    /** Checks the shape of the operations list; returns it as an array. */
    public static ArrayNode validate(JsonNode body) {
        if (body == null || !body.isArray()) {
            if (body != null && !body.isObject()) {
                throw Envelope.notAnObject(body);
            }
            throw KintoError.invalidBody("", "\"" + (body == null ? "{}" : Json.write(body)) + "\" is not iterable");
        }
        for (int i = 0; i < body.size(); i++) {
            JsonNode op = body.get(i);
            if (!op.isObject()) {
                throw KintoError.invalidBody(String.valueOf(i), "\"" + Json.text(op) + "\" is not a mapping type: Does not implement dict-like functionality.");
            }
            for (Iterator<String> it = op.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!KEYS.contains(key)) {
                    throw KintoError.invalidBody(String.valueOf(i), "Unrecognized keys in mapping: \"{'" + key + "': " + Json.write(op.get(key)) + "}\"");
                }
            }
            JsonNode name = op.get("op");
            if (name == null) {
                throw KintoError.invalidBody(i + ".op", "Required");
            }
            if (!name.isTextual() || !OPS.contains(name.textValue())) {
                throw KintoError.invalidBody(i + ".op", "\"" + Json.text(name) + "\" is not one of add, remove, replace, move, copy, test");
            }
            checkPath(op, i, "path", true);
            checkPath(op, i, "from", name.textValue().equals("move") || name.textValue().equals("copy"));
        }
        return (ArrayNode) body;
    }

    private static void checkPath(JsonNode op, int index, String key, boolean required) {
        JsonNode path = op.get(key);
        if (path == null) {
            if (required) {
                throw KintoError.invalidBody(index + "." + key, "Required");
            }
            return;
        }
        if (!path.isTextual() || !PATH.matcher(path.textValue()).matches()) {
            throw KintoError.invalidBody(index + "." + key, "String does not match expected pattern");
        }
    }

    /** Applies the operations to a copy of {@code document}. */
    public static JsonNode apply(JsonNode document, ArrayNode operations) {
        JsonNode result = document.deepCopy();
        for (JsonNode op : operations) {
            String name = op.get("op").textValue();
            String path = op.get("path").textValue();
            JsonNode value = op.get("value");
            if (value == null && PRINCIPAL_PATH.matcher(path).matches()) {
                value = TextNode.valueOf(unescape(path.substring(path.indexOf('/', "/permissions/".length()) + 1)));
            }
            if (value == null && (name.equals("add") || name.equals("replace") || name.equals("test"))) {
                throw failed("The operation does not contain a 'value' member");
            }
            switch (name) {
                case "add" -> result = add(result, path, value);
                case "remove" -> result = remove(result, path);
                case "replace" -> {
                    result = remove(result, path);
                    result = add(result, path, value);
                }
                case "move" -> {
                    String from = op.get("from").textValue();
                    JsonNode moved = get(result, from);
                    result = remove(result, from);
                    result = add(result, path, moved);
                }
                case "copy" -> result = add(result, path, get(result, op.get("from").textValue()).deepCopy());
                case "test" -> {
                    if (!get(result, path).equals(value)) {
                        throw failed("test failed for path " + path);
                    }
                }
                default -> throw failed("unknown operation " + name);
            }
        }
        return result;
    }

    private static KintoError failed(String detail) {
        return KintoError.invalid(new ValidationEntry("body", null, "JSON Patch operation failed: " + detail));
    }

    private static List<String> tokens(String pointer) {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(unescape(raw));
        }
        return tokens;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private static JsonNode get(JsonNode document, String pointer) {
        JsonNode current = document;
        for (String token : tokens(pointer)) {
            current = child(current, token, pointer);
        }
        return current;
    }

    private static JsonNode child(JsonNode node, String token, String pointer) {
        JsonNode next = null;
        if (node.isObject()) {
            next = node.get(token);
        } else if (node.isArray() && token.matches("0|[1-9][0-9]{0,8}")) {
            next = node.get(Integer.parseInt(token));
        }
        if (next == null) {
            throw failed("can't resolve path " + pointer);
        }
        return next;
    }

    private static JsonNode add(JsonNode document, String pointer, JsonNode value) {
        List<String> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            return value.deepCopy();
        }
        JsonNode parent = document;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            parent = child(parent, token, pointer);
        }
        String last = tokens.get(tokens.size() - 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value.deepCopy());
        } else if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            if (last.equals("-")) {
                array.add(value.deepCopy());
            } else if (last.matches("0|[1-9][0-9]{0,8}") && Integer.parseInt(last) <= array.size()) {
                array.insert(Integer.parseInt(last), value.deepCopy());
            } else {
                throw failed("can't insert outside of list");
            }
        } else {
            throw failed("can't add to a scalar at " + pointer);
        }
        return document;
    }

    private static JsonNode remove(JsonNode document, String pointer) {
        List<String> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            throw failed("can't remove the whole document");
        }
        JsonNode parent = document;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            parent = child(parent, token, pointer);
        }
        String last = tokens.get(tokens.size() - 1);
        child(parent, last, pointer);
        if (parent.isObject()) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ArrayNode) parent).remove(Integer.parseInt(last));
        }
        return document;
    }
}
