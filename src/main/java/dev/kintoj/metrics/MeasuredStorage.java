package dev.kintoj.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.ResourceCounts;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.StoredObject;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A storage backend whose calls are timed ({@code backend_storage_seconds}, labelled by method). */
final class MeasuredStorage implements Storage {

    private final Storage storage;
    // One per method, as Kinto names it.
    private final BackendTimers.Method resourceTimestamp;
    private final BackendTimers.Method knownResourceTimestamp;
    private final BackendTimers.Method listAll;
    private final BackendTimers.Method create;
    private final BackendTimers.Method get;
    private final BackendTimers.Method peek;
    private final BackendTimers.Method update;
    private final BackendTimers.Method delete;
    private final BackendTimers.Method deleteAll;
    private final BackendTimers.Method purgeDeleted;
    private final BackendTimers.Method countAll;
    private final BackendTimers.Method countPerResource;
    private final BackendTimers.Method flush;
    private final BackendTimers.Method healthy;

    MeasuredStorage(Storage storage, BackendTimers timers) {
        this.storage = storage;
        this.resourceTimestamp = timers.method("resource_timestamp");
        this.knownResourceTimestamp = timers.method("known_resource_timestamp");
        this.listAll = timers.method("list_all");
        this.create = timers.method("create");
        this.get = timers.method("get");
        this.peek = timers.method("peek");
        this.update = timers.method("update");
        this.delete = timers.method("delete");
        this.deleteAll = timers.method("delete_all");
        this.purgeDeleted = timers.method("purge_deleted");
        this.countAll = timers.method("count_all");
        this.countPerResource = timers.method("count_per_resource");
        this.flush = timers.method("flush");
        this.healthy = timers.method("healthy");
    }

    @Override
    public Uni<Long> resourceTimestamp(String resource, String parentId) {
        return resourceTimestamp.time(() -> storage.resourceTimestamp(resource, parentId));
    }

    @Override
    public Uni<Optional<Long>> knownResourceTimestamp(String resource, String parentId) {
        return knownResourceTimestamp.time(() -> storage.knownResourceTimestamp(resource, parentId));
    }

    @Override
    public Uni<List<dev.kintoj.storage.StoredObject>> listStored(String resource, String parentId, ListQuery query,
                                                                 boolean includeDeleted) {
        return listAll.time(() -> storage.listStored(resource, parentId, query, includeDeleted));
    }

    @Override
    public Uni<ObjectNode> create(String resource, String parentId, ObjectNode object) {
        return create.time(() -> storage.create(resource, parentId, object));
    }

    @Override
    public Uni<Optional<ObjectNode>> get(String resource, String parentId, String id) {
        return get.time(() -> storage.get(resource, parentId, id));
    }

    @Override
    public Uni<Optional<StoredObject>> getStored(String resource, String parentId, String id) {
        return get.time(() -> storage.getStored(resource, parentId, id));
    }

    @Override
    public Uni<Optional<ObjectNode>> peek(String resource, String parentId, String id) {
        return peek.time(() -> storage.peek(resource, parentId, id));
    }

    @Override
    public Uni<List<Optional<StoredObject>>> peekAll(List<Key> keys) {
        return peek.time(() -> storage.peekAll(keys)); // one read of several objects: one call
    }

    @Override
    public Uni<ObjectNode> update(String resource, String parentId, String id, ObjectNode object) {
        return update.time(() -> storage.update(resource, parentId, id, object));
    }

    @Override
    public Uni<ObjectNode> delete(String resource, String parentId, String id, boolean withTombstone, Long lastModified) {
        return delete.time(() -> storage.delete(resource, parentId, id, withTombstone, lastModified));
    }

    @Override
    public Uni<List<ObjectNode>> deleteAll(String resource, String parentId, ListQuery query, boolean withTombstones) {
        return deleteAll.time(() -> storage.deleteAll(resource, parentId, query, withTombstones));
    }

    @Override
    public Uni<Integer> purgeDeleted(String resource, String parentId, Long before, Integer maxRetained) {
        return purgeDeleted.time(() -> storage.purgeDeleted(resource, parentId, before, maxRetained));
    }

    @Override
    public Uni<List<ObjectNode>> listAll(String resource, String parentId, ListQuery query, boolean includeDeleted) {
        return listAll.time(() -> storage.listAll(resource, parentId, query, includeDeleted));
    }

    @Override
    public Uni<Long> countAll(String resource, String parentId, List<Filter> filters) {
        return countAll.time(() -> storage.countAll(resource, parentId, filters));
    }

    @Override
    public Uni<Map<String, ResourceCounts>> countPerResource() {
        return countPerResource.time(storage::countPerResource);
    }

    @Override
    public Uni<Void> flush() {
        return flush.time(storage::flush);
    }

    @Override
    public Uni<Boolean> healthy() {
        return healthy.time(storage::healthy);
    }
}
