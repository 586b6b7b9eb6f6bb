package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Set;

/**
 * A kind of object the generic engine serves: a declaration, not a controller. {@code segment} is the plural path
 * segment ({@code collections}); {@code parent} is null for top-level kinds; {@code permissions} are the names
 * accepted in {@code permissions} bodies, in Kinto's order; {@code parentMustExist}: requests 404 when the parent
 * object is missing (records need their collection); {@code hooks}: what the kind does differently.
 */
public record ResourceKind(String name, String segment, ResourceKind parent, boolean parentMustExist,
                           IdGenerator ids, List<String> permissions, Hooks hooks) {

    /** The points where a kind departs from the generic behaviour; every method has the generic default. */
    public static final List<String> PLURAL_METHODS = List.of("HEAD", "GET", "POST", "DELETE", "OPTIONS");

    public interface Hooks {
        Hooks NONE = new Hooks() {
        };

        /** Checks kind-specific fields of the data about to be stored; {@code prefix} is {@code data.} or empty. */
        default void validate(ObjectNode data, ObjectNode existing, String prefix) {
        }

        /** Runs before any access check: refusals that do not depend on permissions (accounts: anonymous listing). */
        default void precheck(ResourceRequest request) {
        }

        /** Rewrites the request body once authorized and before the unit of work (accounts hash passwords here). */
        default Uni<JsonNode> prepareBody(ResourceRequest request) {
            return Uni.createFrom().item(request.body());
        }

        /**
         * Side effects of a write inside the request's unit of work: {@code before} is null on creation,
         * {@code after} null on deletion. Groups keep their members' principals with it (api.md §11).
         */
        default Uni<Void> changed(PermissionBackend permissions, String objectUri, ObjectNode before, ObjectNode after) {
            return Uni.createFrom().voidItem();
        }

        /** True when {@link #changed} does something, so cascades must report the children they remove. */
        default boolean hasChangeHook() {
            return false;
        }

        /** Fields stored but never shown, filtered or sorted on. */
        default Set<String> hiddenFields() {
            return Set.of();
        }

        /** The principal the owner rule adds to {@code write} (permissions.md §5). */
        default String owner(ResourcePath path, Identity identity) {
            return identity.isAnonymous() ? Identity.EVERYONE : identity.userId();
        }

        /** False for kinds served only as a list (history entries): their object URLs are unknown (404). */
        default boolean hasObjectEndpoint() {
            return true;
        }

        /** The methods of the plural endpoint (its Allow header before settings disable some). */
        default List<String> pluralMethods() {
            return PLURAL_METHODS;
        }

        /**
         * The fields filters, sorting and {@code _fields} may name (their first segment), or null for any: a kind
         * with a fixed schema refuses the others with a 400.
         */
        default Set<String> queryableFields() {
            return null;
        }

        /** Adjusts the parsed filters of a list request to the kind's field types. */
        default List<dev.kintoj.storage.Filter> listFilters(List<dev.kintoj.storage.Filter> filters) {
            return filters;
        }

        /** The storage parent id of the objects of a path (accounts store each one under its own id). */
        default String storageParent(ResourcePath path) {
            return path.parentId();
        }
    }

    /** The object as responses show it: hidden fields removed. */
    public ObjectNode present(ObjectNode object) {
        Set<String> hidden = hooks.hiddenFields();
        if (hidden.isEmpty() || object == null) {
            return object;
        }
        ObjectNode shown = object.deepCopy();
        shown.remove(hidden);
        return shown;
    }

    public int depth() {
        return parent == null ? 1 : parent.depth() + 1;
    }

    @Override
    public String toString() {
        return name;
    }
}
