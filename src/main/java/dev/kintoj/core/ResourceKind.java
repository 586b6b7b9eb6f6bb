package dev.kintoj.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * A kind of object the generic engine serves: a declaration, not a controller. {@code segment} is the plural path
 * segment ({@code collections}); {@code parent} is null for top-level kinds; {@code permissions} are the names
 * accepted in {@code permissions} bodies, in Kinto's order; {@code validator} checks the kind's typed fields;
 * {@code parentMustExist}: requests 404 when the parent object is missing (records need their collection).
 */
public record ResourceKind(String name, String segment, ResourceKind parent, boolean parentMustExist,
                           IdGenerator ids, List<String> permissions, DataValidator validator, ChangeHook onChange) {

    /**
     * Side effects of a write inside the request's unit of work: {@code before} is null on creation,
     * {@code after} null on deletion. Groups use it to keep their members' principals (api.md §11).
     */
    @FunctionalInterface
    public interface ChangeHook {
        ChangeHook NONE = (permissions, uri, before, after) -> Uni.createFrom().voidItem();

        Uni<Void> changed(PermissionBackend permissions, String objectUri, ObjectNode before, ObjectNode after);
    }

    /** Checks resource-specific fields of the data about to be stored; {@code prefix} is {@code data.} or empty. */
    @FunctionalInterface
    public interface DataValidator {
        DataValidator NONE = (data, prefix) -> {
        };

        void validate(ObjectNode data, String prefix);
    }

    public int depth() {
        return parent == null ? 1 : parent.depth() + 1;
    }

    @Override
    public String toString() {
        return name;
    }
}
