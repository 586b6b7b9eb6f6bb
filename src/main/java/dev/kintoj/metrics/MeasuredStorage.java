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
    private final BackendTimers timers;

    MeasuredStorage(Storage storage, BackendTimers timers) {
        this.storage = storage;
        this.timers = timers;
    }

    @Override
    public Uni<Long> resourceTimestamp(String resource, String parentId) {
        return timers.time("resource_timestamp", () -> storage.resourceTimestamp(resource, parentId));
    }

    @Override
    public Uni<Optional<Long>> knownResourceTimestamp(String resource, String parentId) {
        return timers.time("known_resource_timestamp", () -> storage.knownResourceTimestamp(resource, parentId));
    }

    @Override
    public Uni<List<dev.kintoj.storage.StoredObject>> listStored(String resource, String parentId, ListQuery query,
                                                                 boolean includeDeleted) {
        return timers.time("list_all", () -> storage.listStored(resource, parentId, query, includeDeleted));
    }

    @Override
    public Uni<ObjectNode> create(String resource, String parentId, ObjectNode object) {
        return timers.time("create", () -> storage.create(resource, parentId, object));
    }

    @Override
    public Uni<Optional<ObjectNode>> get(String resource, String parentId, String id) {
        return timers.time("get", () -> storage.get(resource, parentId, id));
    }

    @Override
    public Uni<Optional<StoredObject>> getStored(String resource, String parentId, String id) {
        return timers.time("get", () -> storage.getStored(resource, parentId, id));
    }

    @Override
    public Uni<Optional<ObjectNode>> peek(String resource, String parentId, String id) {
        return timers.time("peek", () -> storage.peek(resource, parentId, id));
    }

    @Override
    public Uni<ObjectNode> update(String resource, String parentId, String id, ObjectNode object) {
        return timers.time("update", () -> storage.update(resource, parentId, id, object));
    }

    @Override
    public Uni<ObjectNode> delete(String resource, String parentId, String id, boolean withTombstone, Long lastModified) {
        return timers.time("delete", () -> storage.delete(resource, parentId, id, withTombstone, lastModified));
    }

    @Override
    public Uni<List<ObjectNode>> deleteAll(String resource, String parentId, ListQuery query, boolean withTombstones) {
        return timers.time("delete_all", () -> storage.deleteAll(resource, parentId, query, withTombstones));
    }

    @Override
    public Uni<Integer> purgeDeleted(String resource, String parentId, Long before, Integer maxRetained) {
        return timers.time("purge_deleted", () -> storage.purgeDeleted(resource, parentId, before, maxRetained));
    }

    @Override
    public Uni<List<ObjectNode>> listAll(String resource, String parentId, ListQuery query, boolean includeDeleted) {
        return timers.time("list_all", () -> storage.listAll(resource, parentId, query, includeDeleted));
    }

    @Override
    public Uni<Long> countAll(String resource, String parentId, List<Filter> filters) {
        return timers.time("count_all", () -> storage.countAll(resource, parentId, filters));
    }

    @Override
    public Uni<Map<String, ResourceCounts>> countPerResource() {
        return timers.time("count_per_resource", storage::countPerResource);
    }

    @Override
    public Uni<Void> flush() {
        return timers.time("flush", storage::flush);
    }

    @Override
    public Uni<Boolean> healthy() {
        return timers.time("healthy", storage::healthy);
    }
}
