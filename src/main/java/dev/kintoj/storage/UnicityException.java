package dev.kintoj.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A live object with the same id already exists; {@code existing} is that object. */
public class UnicityException extends RuntimeException {
    private final ObjectNode existing;

    public UnicityException(ObjectNode existing) {
        super("object already exists", null, false, false);
        this.existing = existing;
    }

    public ObjectNode existing() {
        return existing;
    }
}
