package dev.kintoj.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;

/**
 * The object store (storage.md). Objects are addressed by (resource name, parent id, id) and returned as JSON
 * objects that include {@code id} and {@code last_modified}; tombstones are {@code {id, last_modified, deleted}}.
 *
 * <p>Timestamps are assigned by the store, strictly increasing per (parent id, resource) list (sync.md §2). A
 * {@code last_modified} present in an object given to {@link #create} or {@link #update} is a value forced by the
 * client: the caller decides whether it is honoured and removes it otherwise.
 *
 * <p>A parent id containing {@code *} is a glob pattern (cascades); {@code resource == null} means any resource.
 */
public interface Storage {

    /** The list timestamp; initialised (stored) on first request for an empty list. */
    Uni<Long> resourceTimestamp(String resource, String parentId);

    /**
     * The list timestamp when it can be read without writing or locking anything (the list has objects or a stored
     * timestamp), for reading it ahead together with other reads; empty when unknown: then {@link
     * #resourceTimestamp} decides. Backends without round trips need not answer it.
     */
    default Uni<Optional<Long>> knownResourceTimestamp(String resource, String parentId) {
        return Uni.createFrom().item(Optional.empty());
    }

    /** Creates an object whose id is set; fails with {@link UnicityException} if a live object has that id. */
    Uni<ObjectNode> create(String resource, String parentId, ObjectNode object);

    /** The live object, if any. Inside a unit of work, it takes the list's write lock (so that a check and the write it guards cannot interleave). */
    Uni<Optional<ObjectNode>> get(String resource, String parentId, String id);

    /**
     * {@link #get}, with the object's JSON text when the backend has it ready to send ({@link StoredObject}): an
     * object GET served unchanged is then not parsed and written again.
     */
    default Uni<Optional<StoredObject>> getStored(String resource, String parentId, String id) {
        return get(resource, parentId, id).map(found -> found.map(StoredObject::of));
    }

    /**
     * The live object, if any, without the list's lock: for objects the unit reads but does not write (a record's
     * collection, the schemas of parents), so that units writing different children do not wait for each other.
     */
    default Uni<Optional<ObjectNode>> peek(String resource, String parentId, String id) {
        return get(resource, parentId, id);
    }

    /**
     * Where an object is stored: its resource name, parent id and id.
     *
     * <p>This record and the others used as hash keys on the request path write their {@code equals} and
     * {@code hashCode} out. The ones javac generates call a bootstrap method handle ({@code ObjectMethods}), which the
     * JIT compiles away but the native binary of the GraalVM 23 toolchain runs through interpreted lambda forms and
     * reflective field reads: the in-memory storage's list key alone took 17 % of a record GET's CPU samples in the
     * binary ({@code RecordKeysTest} keeps them written out).
     */
    record Key(String resource, String parentId, String id) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(resource, key.resource)
                    && Objects.equals(parentId, key.parentId) && Objects.equals(id, key.id);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(resource) * 31 + Objects.hashCode(parentId)) * 31 + Objects.hashCode(id);
        }
    }

    /** Where a list is: its resource name and parent id (equals and hashCode written out, as in {@link Key}). */
    record ListKey(String resource, String parentId) {

        @Override
        public boolean equals(Object other) {
            return other instanceof ListKey key && Objects.equals(resource, key.resource)
                    && Objects.equals(parentId, key.parentId);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(resource) * 31 + Objects.hashCode(parentId);
        }
    }

    /**
     * The live objects at these keys, in their order, read as {@link #peek} reads one (without the lists' locks), each
     * with its JSON text when the backend has it ({@link StoredObject}): reads made ahead together (an object and its
     * parent) that cost one statement instead of one each where reads cost round trips.
     */
    default Uni<List<Optional<StoredObject>>> peekAll(List<Key> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Optional<StoredObject>>> reads = new ArrayList<>(keys.size());
        for (Key key : keys) {
            reads.add(peek(key.resource(), key.parentId(), key.id()).map(found -> found.map(StoredObject::of)));
        }
        return Uni.join().all(reads).andFailFast();
    }

    /** Creates or replaces the object (a tombstone is overwritten). */
    Uni<ObjectNode> update(String resource, String parentId, String id, ObjectNode object);

    /**
     * Turns the live object into a tombstone (or removes it when {@code withTombstone} is false) and returns the
     * tombstone; {@link ObjectNotFoundException} if there is no live object. {@code lastModified}: forced tombstone
     * timestamp, or null.
     */
    Uni<ObjectNode> delete(String resource, String parentId, String id, boolean withTombstone, Long lastModified);

    /** Deletes the live objects selected by the query, in its order, each with a fresh timestamp; returns the tombstones. */
    Uni<List<ObjectNode>> deleteAll(String resource, String parentId, ListQuery query, boolean withTombstones);

    /**
     * Physically removes tombstones: all of them, those older than {@code before}, or all but the {@code maxRetained}
     * most recent per list. Without {@code before} and with {@code resource == null}, the stored list timestamps of
     * the matching lists are discarded too.
     */
    Uni<Integer> purgeDeleted(String resource, String parentId, Long before, Integer maxRetained);

    /** Live objects (and tombstones when asked) matching the query, in its order, at most {@code query.limit()}. */
    Uni<List<ObjectNode>> listAll(String resource, String parentId, ListQuery query, boolean includeDeleted);

    /**
     * {@link #listAll}, each object with its JSON text when the backend has it ready to send ({@link StoredObject}):
     * a list page served unchanged is then not parsed and written again.
     */
    default Uni<List<StoredObject>> listStored(String resource, String parentId, ListQuery query, boolean includeDeleted) {
        return listAll(resource, parentId, query, includeDeleted).map(objects -> objects.stream().map(StoredObject::of).toList());
    }

    /** Number of live objects matching the filters. */
    Uni<Long> countAll(String resource, String parentId, List<Filter> filters);

    /**
     * Live objects and tombstones per resource name, over every parent (counters plugin). Resource names without
     * any stored row are absent.
     */
    Uni<Map<String, ResourceCounts>> countPerResource();

    /** Removes everything (tests, flush plugin). */
    Uni<Void> flush();

    /** True when the backend answers. */
    Uni<Boolean> healthy();
}
