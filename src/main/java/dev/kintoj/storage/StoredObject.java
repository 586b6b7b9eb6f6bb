package dev.kintoj.storage;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

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
    private final SerializableString encoded;
    private final long lastModified;

    private StoredObject(ObjectNode node, Supplier<ObjectNode> parse, String json, SerializableString encoded,
                         long lastModified) {
        this.node = node;
        this.parse = parse;
        this.json = json;
        this.encoded = encoded;
        this.lastModified = lastModified;
    }

    public static StoredObject of(ObjectNode node) {
        return new StoredObject(node, null, null, null, 0);
    }

    /** {@code json}: the object's JSON text, the same object as {@code parse} gives, whose timestamp is {@code lastModified}. */
    public static StoredObject ofJson(String json, long lastModified, Supplier<ObjectNode> parse) {
        return new StoredObject(null, parse, json, null, lastModified);
    }

    /**
     * {@link #ofJson} for a text the backend keeps: a {@code SerializedString} keeps its UTF-8 bytes once written, so
     * that every response after the first copies them instead of encoding the text again.
     */
    public static StoredObject ofEncoded(SerializableString json, long lastModified, Supplier<ObjectNode> parse) {
        return new StoredObject(null, parse, null, json, lastModified);
    }

    public ObjectNode node() {
        if (node == null) {
            node = parse.get();
        }
        return node;
    }

    /** The object's {@code last_modified}, known without parsing it (ETags, preconditions). */
    public long lastModified() {
        return hasText() ? lastModified : node().get("last_modified").longValue();
    }

    /** The object's JSON text to send as it is, or null: then only {@link #node()} tells. */
    public String json() {
        return encoded != null ? encoded.getValue() : json;
    }

    /** The text as a value that a JSON generator writes as it is, or null: then only {@link #node()} tells. */
    public RawValue raw() {
        return encoded != null ? new RawValue(encoded) : json != null ? new RawValue(json) : null;
    }

    private boolean hasText() {
        return json != null || encoded != null;
    }
}
