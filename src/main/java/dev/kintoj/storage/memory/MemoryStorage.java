package dev.kintoj.storage.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.memory.UndoLog;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.ObjectNotFoundException;
import dev.kintoj.storage.ResourceCounts;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.Storage.ListKey;
import dev.kintoj.storage.StorableValues;
import dev.kintoj.storage.UnicityException;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * In-memory storage with the PostgreSQL backend's semantics (storage.md §6, contract choices of §3). Every method
 * runs under one monitor: operations are microseconds long, and a single lock makes timestamps trivially unique and
 * cascades atomic. Objects are copied on the way in and out so callers never share mutable state with the store.
 */
public class MemoryStorage implements Storage {

    private static final String ID = "id";
    private static final String LAST_MODIFIED = "last_modified";
    private static final String DELETED = "deleted";

    private static final class ObjectList {
        final Map<String, ObjectNode> live = new HashMap<>();
        final Map<String, ObjectNode> tombstones = new HashMap<>();
        /** Highest timestamp of the list (objects, tombstones, or the one fixed when first read); 0 = never set. */
        long timestamp;
    }

    private final Map<ListKey, ObjectList> lists = new HashMap<>();
    private final LongSupplier clock;

    public MemoryStorage() {
        this(System::currentTimeMillis);
    }

    public MemoryStorage(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public Uni<Long> resourceTimestamp(String resource, String parentId) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                ObjectList list = lists.computeIfAbsent(new ListKey(resource, parentId), k -> new ObjectList());
                if (list.timestamp == 0) {
                    list.timestamp = clock.getAsLong();
                }
                return list.timestamp;
            }
        });
    }

    @Override
    public Uni<ObjectNode> create(String resource, String parentId, ObjectNode object) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                ObjectList list = list(resource, parentId);
                String id = object.get(ID).asText();
                ObjectNode existing = list.live.get(id);
                if (existing != null) {
                    throw new UnicityException(existing.deepCopy());
                }
                return store(list, id, object);
            }
        });
    }

    @Override
    public Uni<Optional<ObjectNode>> get(String resource, String parentId, String id) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                ObjectList list = lists.get(new ListKey(resource, parentId));
                ObjectNode found = list == null ? null : list.live.get(id);
                return Optional.ofNullable(found == null ? null : found.deepCopy());
            }
        });
    }

    @Override
    public Uni<ObjectNode> update(String resource, String parentId, String id, ObjectNode object) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                return store(list(resource, parentId), id, object);
            }
        });
    }

    private ObjectNode store(ObjectList list, String id, ObjectNode object) {
        StorableValues.check(object);
        ObjectNode stored = object.deepCopy();
        JsonNode forced = stored.get(LAST_MODIFIED);
        stored.remove(ID);
        stored.remove(LAST_MODIFIED);
        stored.put(ID, id);
        journal(list, id);
        stored.put(LAST_MODIFIED, bump(list, forced != null && forced.canConvertToLong() ? forced.longValue() : null));
        list.tombstones.remove(id);
        list.live.put(id, stored);
        return stored.deepCopy();
    }

    @Override
    public Uni<ObjectNode> delete(String resource, String parentId, String id, boolean withTombstone, Long lastModified) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                ObjectList list = lists.get(new ListKey(resource, parentId));
                if (list == null || !list.live.containsKey(id)) {
                    throw new ObjectNotFoundException(resource, parentId, id);
                }
                return remove(list, id, withTombstone, lastModified);
            }
        });
    }

    private ObjectNode remove(ObjectList list, String id, boolean withTombstone, Long lastModified) {
        journal(list, id);
        list.live.remove(id);
        ObjectNode tombstone = JsonNodeFactory.instance.objectNode();
        tombstone.put(ID, id);
        tombstone.put(LAST_MODIFIED, withTombstone ? bump(list, lastModified) : clock.getAsLong());
        tombstone.put(DELETED, true);
        if (withTombstone) {
            list.tombstones.put(id, tombstone);
        }
        return tombstone.deepCopy();
    }

    @Override
    public Uni<List<ObjectNode>> deleteAll(String resource, String parentId, ListQuery query, boolean withTombstones) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                List<Map.Entry<ListKey, ObjectNode>> selected = select(resource, parentId, query, false);
                List<ObjectNode> tombstones = new ArrayList<>(selected.size());
                for (Map.Entry<ListKey, ObjectNode> entry : selected) {
                    ObjectList list = lists.get(entry.getKey());
                    tombstones.add(remove(list, entry.getValue().get(ID).asText(), withTombstones, null));
                }
                return tombstones;
            }
        });
    }

    @Override
    public Uni<Integer> purgeDeleted(String resource, String parentId, Long before, Integer maxRetained) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                int purged = 0;
                for (Iterator<Map.Entry<ListKey, ObjectList>> it = lists.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<ListKey, ObjectList> entry = it.next();
                    if (!inScope(entry.getKey(), resource, parentId)) {
                        continue;
                    }
                    ObjectList list = entry.getValue();
                    List<ObjectNode> candidates = new ArrayList<>(list.tombstones.values());
                    candidates.sort((a, b) -> Long.compare(b.get(LAST_MODIFIED).longValue(), a.get(LAST_MODIFIED).longValue()));
                    int keep = maxRetained == null ? 0 : Math.max(0, maxRetained);
                    for (int i = keep; i < candidates.size(); i++) {
                        ObjectNode tombstone = candidates.get(i);
                        if (before == null || tombstone.get(LAST_MODIFIED).longValue() < before) {
                            journal(list, tombstone.get(ID).asText());
                            list.tombstones.remove(tombstone.get(ID).asText());
                            purged++;
                        }
                    }
                    if (resource == null && before == null && list.live.isEmpty() && list.tombstones.isEmpty()) {
                        ListKey key = entry.getKey();
                        UndoLog.record(() -> {
                            synchronized (this) {
                                lists.putIfAbsent(key, list);
                            }
                        });
                        it.remove();
                    }
                }
                return purged;
            }
        });
    }

    @Override
    public Uni<List<ObjectNode>> listAll(String resource, String parentId, ListQuery query, boolean includeDeleted) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                List<Map.Entry<ListKey, ObjectNode>> selected = select(resource, parentId, query, includeDeleted);
                List<ObjectNode> result = new ArrayList<>(selected.size());
                for (Map.Entry<ListKey, ObjectNode> entry : selected) {
                    result.add(entry.getValue().deepCopy());
                }
                return result;
            }
        });
    }

    @Override
    public Uni<Long> countAll(String resource, String parentId, List<Filter> filters) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                long count = 0;
                for (Map.Entry<ListKey, ObjectList> entry : lists.entrySet()) {
                    if (inScope(entry.getKey(), resource, parentId)) {
                        for (ObjectNode object : entry.getValue().live.values()) {
                            if (ObjectMatcher.matchesAll(object, filters)) {
                                count++;
                            }
                        }
                    }
                }
                return count;
            }
        });
    }

    @Override
    public Uni<Map<String, ResourceCounts>> countPerResource() {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                Map<String, long[]> counts = new HashMap<>();
                for (Map.Entry<ListKey, ObjectList> entry : lists.entrySet()) {
                    ObjectList list = entry.getValue();
                    if (list.live.isEmpty() && list.tombstones.isEmpty()) {
                        continue;
                    }
                    long[] count = counts.computeIfAbsent(entry.getKey().resource(), k -> new long[2]);
                    count[0] += list.live.size();
                    count[1] += list.tombstones.size();
                }
                Map<String, ResourceCounts> result = new HashMap<>();
                counts.forEach((resource, count) -> result.put(resource, new ResourceCounts(count[0], count[1])));
                return result;
            }
        });
    }

    @Override
    public Uni<Void> flush() {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                Map<ListKey, ObjectList> flushed = new HashMap<>(lists);
                UndoLog.record(() -> {
                    synchronized (this) {
                        lists.clear();
                        lists.putAll(flushed);
                    }
                });
                lists.clear();
                return null;
            }
        });
    }

    @Override
    public Uni<Boolean> healthy() {
        return Uni.createFrom().item(Boolean.TRUE);
    }

    private List<Map.Entry<ListKey, ObjectNode>> select(String resource, String parentId, ListQuery query,
                                                        boolean includeDeleted) {
        List<Map.Entry<ListKey, ObjectNode>> matching = new ArrayList<>();
        for (Map.Entry<ListKey, ObjectList> entry : lists.entrySet()) {
            if (!inScope(entry.getKey(), resource, parentId)) {
                continue;
            }
            collect(entry.getKey(), entry.getValue().live.values(), query, matching);
            if (includeDeleted) {
                collect(entry.getKey(), entry.getValue().tombstones.values(), query, matching);
            }
        }
        matching = ObjectMatcher.sorted(matching, Map.Entry::getValue, query.sorting());
        if (query.limit() != null && matching.size() > query.limit()) {
            return new ArrayList<>(matching.subList(0, query.limit()));
        }
        return matching;
    }

    private static void collect(ListKey key, Iterable<ObjectNode> objects, ListQuery query,
                                List<Map.Entry<ListKey, ObjectNode>> into) {
        for (ObjectNode object : objects) {
            if (ObjectMatcher.matchesAll(object, query.filters()) && ObjectMatcher.matchesAny(object, query.paginationRules())) {
                into.add(Map.entry(key, object));
            }
        }
    }

    private static boolean inScope(ListKey key, String resource, String parentPattern) {
        return (resource == null || resource.equals(key.resource())) && ObjectMatcher.parentMatches(parentPattern, key.parentId());
    }

    /** Records how to put back the object or tombstone {@code id} of the list, and the list timestamp, as they are now. */
    private void journal(ObjectList list, String id) {
        ObjectNode live = list.live.get(id);
        ObjectNode tombstone = list.tombstones.get(id);
        long timestamp = list.timestamp;
        UndoLog.record(() -> {
            synchronized (this) {
                restore(list.live, id, live);
                restore(list.tombstones, id, tombstone);
                list.timestamp = timestamp;
            }
        });
    }

    private static void restore(Map<String, ObjectNode> objects, String id, ObjectNode previous) {
        if (previous == null) {
            objects.remove(id);
        } else {
            objects.put(id, previous);
        }
    }

    private ObjectList list(String resource, String parentId) {
        return lists.computeIfAbsent(new ListKey(resource, parentId), k -> new ObjectList());
    }

    /** sync.md §2: a forced value is kept unless it equals the list timestamp; otherwise max(now, previous + 1). */
    private long bump(ObjectList list, Long forced) {
        long previous = list.timestamp;
        long assigned = forced == null || forced == previous ? Math.max(clock.getAsLong(), previous + 1) : forced;
        list.timestamp = Math.max(previous, assigned);
        return assigned;
    }
}
