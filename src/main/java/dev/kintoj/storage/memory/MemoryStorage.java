package dev.kintoj.storage.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.memory.UndoLog;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.ObjectNotFoundException;
import dev.kintoj.storage.ResourceCounts;
import dev.kintoj.storage.Sort;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.Storage.ListKey;
import dev.kintoj.storage.StorableValues;
import dev.kintoj.storage.StoredObject;
import dev.kintoj.storage.UnicityException;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
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

    /**
     * A list's objects and tombstones, each in the order they were last written: as timestamps grow with writes, in
     * the order of their {@code last_modified} (but for forced ones), which makes the default sort one pass.
     */
    private static final class ObjectList {
        final Map<String, Entry> live = new LinkedHashMap<>();
        final Map<String, Entry> tombstones = new LinkedHashMap<>();
        /** Highest timestamp of the list (objects, tombstones, or the one fixed when first read); 0 = never set. */
        long timestamp;
    }

    /**
     * A stored object or tombstone, never changed once stored (a write stores a new entry), with its JSON text once
     * a read has written it: list pages and object GETs send that text as it is ({@link StoredObject}) instead of
     * copying the tree and writing it again for every response. In the native binary, copying and writing a
     * 100-object page was most of the page's cost.
     */
    private static final class Entry {
        final ObjectNode node;
        final long lastModified;
        /** Written outside the monitor: at worst two readers write the same text, and a SerializedString is safe to share. */
        private SerializedString json;

        Entry(ObjectNode node) {
            this.node = node;
            this.lastModified = node.get(LAST_MODIFIED).longValue();
        }

        StoredObject stored() {
            SerializedString text = json;
            if (text == null) {
                text = new SerializedString(write(node));
                json = text;
            }
            return StoredObject.ofEncoded(text, lastModified, node::deepCopy);
        }

        private static String write(ObjectNode node) {
            try {
                return WRITER.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A tree is written alike by any mapper: no feature of the engine's changes how a node writes itself. */
    private static final ObjectWriter WRITER = new ObjectMapper().writer();

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
                Entry existing = list.live.get(id);
                if (existing != null) {
                    throw new UnicityException(existing.node.deepCopy());
                }
                return store(list, id, object);
            }
        });
    }

    @Override
    public Uni<Optional<ObjectNode>> get(String resource, String parentId, String id) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                Entry found = live(resource, parentId, id);
                return Optional.ofNullable(found == null ? null : found.node.deepCopy());
            }
        });
    }

    @Override
    public Uni<Optional<StoredObject>> getStored(String resource, String parentId, String id) {
        return Uni.createFrom().item(() -> {
            Entry found;
            synchronized (this) {
                found = live(resource, parentId, id);
            }
            return Optional.ofNullable(found == null ? null : found.stored());
        });
    }

    @Override
    public Uni<List<Optional<StoredObject>>> peekAll(List<Key> keys) {
        return Uni.createFrom().item(() -> {
            Entry[] found = new Entry[keys.size()];
            synchronized (this) {
                for (int i = 0; i < found.length; i++) {
                    Key key = keys.get(i);
                    found[i] = live(key.resource(), key.parentId(), key.id());
                }
            }
            List<Optional<StoredObject>> objects = new ArrayList<>(found.length);
            for (Entry entry : found) {
                objects.add(Optional.ofNullable(entry == null ? null : entry.stored()));
            }
            return objects;
        });
    }

    private Entry live(String resource, String parentId, String id) {
        ObjectList list = lists.get(new ListKey(resource, parentId));
        return list == null ? null : list.live.get(id);
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
        list.live.remove(id); // written last: see ObjectList
        list.live.put(id, new Entry(stored));
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
            list.tombstones.put(id, new Entry(tombstone));
        }
        return tombstone.deepCopy();
    }

    @Override
    public Uni<List<ObjectNode>> deleteAll(String resource, String parentId, ListQuery query, boolean withTombstones) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                List<Selected> selected = select(resource, parentId, query, false);
                List<ObjectNode> tombstones = new ArrayList<>(selected.size());
                for (Selected entry : selected) {
                    tombstones.add(remove(entry.list, entry.entry.node.get(ID).asText(), withTombstones, null));
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
                    List<ObjectNode> candidates = new ArrayList<>(list.tombstones.size());
                    list.tombstones.values().forEach(tombstone -> candidates.add(tombstone.node));
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
                List<Selected> selected = select(resource, parentId, query, includeDeleted);
                List<ObjectNode> result = new ArrayList<>(selected.size());
                for (Selected entry : selected) {
                    result.add(entry.entry.node.deepCopy());
                }
                return result;
            }
        });
    }

    @Override
    public Uni<List<StoredObject>> listStored(String resource, String parentId, ListQuery query, boolean includeDeleted) {
        return Uni.createFrom().item(() -> {
            List<Selected> selected;
            synchronized (this) {
                selected = select(resource, parentId, query, includeDeleted);
            }
            List<StoredObject> result = new ArrayList<>(selected.size());
            for (Selected entry : selected) {
                result.add(entry.entry.stored());
            }
            return result;
        });
    }

    @Override
    public Uni<Long> countAll(String resource, String parentId, List<Filter> filters) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                long[] count = {0};
                forEachInScope(resource, parentId, (key, list) -> {
                    for (Entry object : list.live.values()) {
                        if (ObjectMatcher.matchesAll(object.node, filters)) {
                            count[0]++;
                        }
                    }
                });
                return count[0];
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

    /** An entry a query selected, and its list. */
    private record Selected(ObjectList list, Entry entry) {
    }

    private List<Selected> select(String resource, String parentId, ListQuery query, boolean includeDeleted) {
        List<Selected> found = new ArrayList<>();
        forEachInScope(resource, parentId, (key, list) -> {
            collect(list, list.live.values(), query, found);
            if (includeDeleted) {
                collect(list, list.tombstones.values(), query, found);
            }
        });
        List<Selected> matching = byTimestamp(query.sorting())
                ? sortedByTimestamp(found, query.sorting().get(0).ascending())
                : ObjectMatcher.sorted(found, selected -> selected.entry.node, query.sorting());
        if (query.limit() != null && matching.size() > query.limit()) {
            return new ArrayList<>(matching.subList(0, query.limit()));
        }
        return matching;
    }

    /** Sorting by {@code last_modified} alone: every list's default. */
    private static boolean byTimestamp(List<Sort> sorting) {
        return sorting.size() == 1 && sorting.get(0).field().equals(LAST_MODIFIED);
    }

    /**
     * The entries sorted by their timestamps, a long each, as the jsonb order would sort them (stable). Entries come in
     * the order they were written, so this is mostly one run for the merge sort to find.
     */
    private static List<Selected> sortedByTimestamp(List<Selected> entries, boolean ascending) {
        Comparator<Selected> order = (a, b) -> Long.compare(a.entry.lastModified, b.entry.lastModified);
        entries.sort(ascending ? order : order.reversed());
        return entries;
    }

    private static void collect(ObjectList list, Iterable<Entry> objects, ListQuery query, List<Selected> into) {
        for (Entry object : objects) {
            if (ObjectMatcher.matchesAll(object.node, query.filters())
                    && ObjectMatcher.matchesAny(object.node, query.paginationRules())) {
                into.add(new Selected(list, object));
            }
        }
    }

    /**
     * The lists of the resource (any, when null) whose parent matches the pattern. A list of one resource and one
     * parent, which is what every request reads, is looked up, not searched for among all the lists.
     */
    private void forEachInScope(String resource, String parentPattern, BiConsumer<ListKey, ObjectList> action) {
        if (resource != null && parentPattern.indexOf('*') < 0) {
            ObjectList list = lists.get(new ListKey(resource, parentPattern));
            if (list != null) {
                action.accept(new ListKey(resource, parentPattern), list);
            }
            return;
        }
        for (Map.Entry<ListKey, ObjectList> entry : lists.entrySet()) {
            if (inScope(entry.getKey(), resource, parentPattern)) {
                action.accept(entry.getKey(), entry.getValue());
            }
        }
    }

    private static boolean inScope(ListKey key, String resource, String parentPattern) {
        return (resource == null || resource.equals(key.resource())) && ObjectMatcher.parentMatches(parentPattern, key.parentId());
    }

    /** Records how to put back the object or tombstone {@code id} of the list, and the list timestamp, as they are now. */
    private void journal(ObjectList list, String id) {
        Entry live = list.live.get(id);
        Entry tombstone = list.tombstones.get(id);
        long timestamp = list.timestamp;
        UndoLog.record(() -> {
            synchronized (this) {
                restore(list.live, id, live);
                restore(list.tombstones, id, tombstone);
                list.timestamp = timestamp;
            }
        });
    }

    private static void restore(Map<String, Entry> objects, String id, Entry previous) {
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
