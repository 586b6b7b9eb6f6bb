package dev.kintoj.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Supplier;

/**
 * An object of a list page as the backend read it: as a JSON tree, parsed only when asked for, and, when the
 * backend can vouch that its stored text says exactly what the tree would, that text, for a response that sends the
 * object unchanged (no parsing and writing it again).
 */
public final class StoredObject {

    private ObjectNode node;
    private final Supplier<ObjectNode> parse;
    private final String json;

    private StoredObject(ObjectNode node, Supplier<ObjectNode> parse, String json) {
        this.node = node;
        this.parse = parse;
        this.json = json;
    }

    public static StoredObject of(ObjectNode node) {
        return new StoredObject(node, null, null);
    }

    /** {@code json}: the object's JSON text, the same object as {@code parse} gives. */
    public static StoredObject ofJson(String json, Supplier<ObjectNode> parse) {
        return new StoredObject(null, parse, json);
    }

    public ObjectNode node() {
        if (node == null) {
            node = parse.get();
        }
        return node;
    }

    /** The object's JSON text to send as it is, or null: then only {@link #node()} tells. */
    public String json() {
        return json;
    }
}
