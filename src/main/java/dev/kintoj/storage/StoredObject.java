package dev.kintoj.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Supplier;

/**
 * An object as the backend read it (a list page's, or one object's): as a JSON tree, parsed only when asked for,
 * its timestamp, and, when the backend can vouch that its stored text says exactly what the tree would, that text,
 * for a response that sends the object unchanged (no parsing and writing it again).
 */
public final class StoredObject {

    private ObjectNode node;
    private final Supplier<ObjectNode> parse;
    private final String json;
    private final long lastModified;

    private StoredObject(ObjectNode node, Supplier<ObjectNode> parse, String json, long lastModified) {
        this.node = node;
        this.parse = parse;
        this.json = json;
        this.lastModified = lastModified;
    }

    public static StoredObject of(ObjectNode node) {
        return new StoredObject(node, null, null, 0);
    }

    /** {@code json}: the object's JSON text, the same object as {@code parse} gives, whose timestamp is {@code lastModified}. */
    public static StoredObject ofJson(String json, long lastModified, Supplier<ObjectNode> parse) {
        return new StoredObject(null, parse, json, lastModified);
    }

    public ObjectNode node() {
        if (node == null) {
            node = parse.get();
        }
        return node;
    }

    /** The object's {@code last_modified}, known without parsing it (ETags, preconditions). */
    public long lastModified() {
        return json != null ? lastModified : node().get("last_modified").longValue();
    }

    /** The object's JSON text to send as it is, or null: then only {@link #node()} tells. */
    public String json() {
        return json;
    }
}
