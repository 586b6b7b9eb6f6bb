package dev.kintoj.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of the {@link Storage} SPI (storage.md §1-§3, §6, §7 with PostgreSQL semantics; sync.md §2-§4).
 * Every implementation runs it by extending this class and providing {@link #createStorage()}.
 */
public abstract class StorageContractTest {

    protected static final ObjectMapper MAPPER = new ObjectMapper();
    protected static final String RECORD = "record";
    protected static final String COLLECTION = "collection";
    protected static final String C1 = "/buckets/b1/collections/c1";
    protected static final String C2 = "/buckets/b1/collections/c2";
    protected static final long FUTURE = System.currentTimeMillis() + 365L * 86_400_000L;

    protected Storage storage;

    /** A storage instance to test; the test flushes it before use. */
    protected abstract Storage createStorage();

    @BeforeEach
    void setUpStorage() {
        storage = createStorage();
        storage.flush().await().indefinitely();
    }

    // ---------------------------------------------------------------- helpers

    protected static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    protected static JsonNode value(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Same JSON text once re-parsed (so LongNode 5 equals IntNode 5). */
    protected static void assertSameJson(String expected, JsonNode actual) {
        assertEquals(value(expected), value(actual.toString()), "JSON differs: " + actual);
    }

    protected ObjectNode create(String parent, String id, String fields) {
        ObjectNode object = json(fields);
        object.put("id", id);
        return storage.create(RECORD, parent, object).await().indefinitely();
    }

    protected ObjectNode create(String id, String fields) {
        return create(C1, id, fields);
    }

    protected Optional<ObjectNode> get(String parent, String id) {
        return storage.get(RECORD, parent, id).await().indefinitely();
    }

    protected List<ObjectNode> list(String parent, ListQuery query, boolean includeDeleted) {
        return storage.listAll(RECORD, parent, query, includeDeleted).await().indefinitely();
    }

    protected List<String> ids(ListQuery query) {
        return ids(list(C1, query, false));
    }

    protected List<String> filtered(Filter... filters) {
        return ids(new ListQuery(List.of(filters), List.of(new Sort("id", true)), List.of(), null));
    }

    protected static List<String> ids(List<ObjectNode> objects) {
        List<String> ids = new ArrayList<>();
        for (ObjectNode object : objects) {
            ids.add(object.get("id").asText());
        }
        return ids;
    }

    protected long timestamp(String resource, String parent) {
        return storage.resourceTimestamp(resource, parent).await().indefinitely();
    }

    protected static long lm(JsonNode object) {
        return object.get("last_modified").asLong();
    }

    protected static Filter filter(String field, String jsonValue, Operator operator) {
        return new Filter(field, value(jsonValue), operator);
    }

    protected static ListQuery sorted(Sort... sorting) {
        return new ListQuery(List.of(), List.of(sorting), List.of(), null);
    }

    /** A list of "v" values of every JSON type, plus a "none" object without "v" (ids sort alphabetically). */
    protected void createMixedValues() {
        create("arr", "{\"v\": [1, 2]}");
        create("f", "{\"v\": false}");
        create("n1", "{\"v\": 1}");
        create("n1f", "{\"v\": 1.0}");
        create("n5", "{\"v\": 5}");
        create("none", "{}");
        create("nul", "{\"v\": null}");
        create("obj", "{\"v\": {\"a\": 1}}");
        create("s1", "{\"v\": \"1\"}");
        create("t", "{\"v\": true}");
    }

    // ---------------------------------------------------------------- create / get / update / delete

    @Test
    void createdObjectCanBeReadWithIdAndLastModified() {
        ObjectNode created = create("r1", "{\"title\": \"hello\", \"n\": 3}");

        assertEquals("r1", created.get("id").asText());
        assertTrue(created.get("last_modified").canConvertToLong());
        ObjectNode read = get(C1, "r1").orElseThrow();
        assertSameJson("{\"id\": \"r1\", \"last_modified\": " + lm(created) + ", \"title\": \"hello\", \"n\": 3}", read);
    }

    @Test
    void objectsAreAddressedByResourceParentAndId() {
        create("r1", "{\"where\": \"c1\"}");

        assertTrue(get(C2, "r1").isEmpty());
        assertTrue(storage.get(COLLECTION, C1, "r1").await().indefinitely().isEmpty());
        assertTrue(get(C1, "other").isEmpty());
        assertTrue(get("/never/used", "r1").isEmpty());
    }

    @Test
    void returnedAndGivenObjectsAreCopies() {
        ObjectNode input = json("{\"id\": \"r1\", \"title\": \"original\"}");
        ObjectNode created = storage.create(RECORD, C1, input).await().indefinitely();
        input.put("title", "changed input");
        created.put("title", "changed result");

        ObjectNode read = get(C1, "r1").orElseThrow();
        assertEquals("original", read.get("title").asText());
        read.put("title", "changed read");
        read.remove("id");
        assertEquals("original", get(C1, "r1").orElseThrow().get("title").asText());
        assertEquals("original", list(C1, ListQuery.ALL, false).get(0).get("title").asText());

        List<ObjectNode> listed = list(C1, ListQuery.ALL, false);
        listed.get(0).put("title", "changed list");
        assertEquals("original", get(C1, "r1").orElseThrow().get("title").asText());
    }

    @Test
    void storedIdOverridesAnIdInTheDocument() {
        ObjectNode updated = storage.update(RECORD, C1, "r1", json("{\"id\": \"other\", \"x\": 1}"))
                .await().indefinitely();

        assertEquals("r1", updated.get("id").asText());
        assertEquals("r1", get(C1, "r1").orElseThrow().get("id").asText());
        assertTrue(get(C1, "other").isEmpty());
    }

    @Test
    void createWithIdOfLiveObjectFailsWithTheExistingObject() {
        ObjectNode first = create("r1", "{\"title\": \"first\"}");

        UnicityException e = assertThrows(UnicityException.class, () -> create("r1", "{\"title\": \"second\"}"));

        assertEquals("r1", e.existing().get("id").asText());
        assertEquals("first", e.existing().get("title").asText());
        assertEquals(lm(first), lm(e.existing()));
        assertEquals("first", get(C1, "r1").orElseThrow().get("title").asText());
    }

    @Test
    void createReplacesATombstone() {
        create("r1", "{\"title\": \"first\"}");
        ObjectNode tombstone = storage.delete(RECORD, C1, "r1", true, null).await().indefinitely();

        ObjectNode recreated = create("r1", "{\"title\": \"again\"}");

        assertTrue(lm(recreated) > lm(tombstone));
        assertEquals("again", get(C1, "r1").orElseThrow().get("title").asText());
        List<ObjectNode> all = list(C1, ListQuery.ALL, true);
        assertEquals(1, all.size());
        assertFalse(all.get(0).has("deleted"));
    }

    @Test
    void updateReplacesTheWholeObjectWithANewTimestamp() {
        ObjectNode before = create("r1", "{\"a\": 1, \"b\": 2}");

        ObjectNode after = storage.update(RECORD, C1, "r1", json("{\"b\": 3}")).await().indefinitely();

        assertTrue(lm(after) > lm(before));
        assertSameJson("{\"id\": \"r1\", \"last_modified\": " + lm(after) + ", \"b\": 3}", get(C1, "r1").orElseThrow());
    }

    @Test
    void updateCreatesMissingObjectsAndOverwritesTombstones() {
        storage.update(RECORD, C1, "fresh", json("{\"x\": 1}")).await().indefinitely();
        create("gone", "{\"x\": 1}");
        storage.delete(RECORD, C1, "gone", true, null).await().indefinitely();

        storage.update(RECORD, C1, "gone", json("{\"x\": 2}")).await().indefinitely();

        assertEquals(1, get(C1, "fresh").orElseThrow().get("x").asInt());
        assertEquals(2, get(C1, "gone").orElseThrow().get("x").asInt());
        assertEquals(List.of("fresh", "gone"), ids(list(C1, sorted(new Sort("id", true)), true)));
    }

    @Test
    void deleteLeavesATombstoneInvisibleToGet() {
        ObjectNode created = create("r1", "{\"title\": \"x\"}");

        ObjectNode tombstone = storage.delete(RECORD, C1, "r1", true, null).await().indefinitely();

        assertSameJson("{\"id\": \"r1\", \"last_modified\": " + lm(tombstone) + ", \"deleted\": true}", tombstone);
        assertTrue(lm(tombstone) > lm(created));
        assertTrue(get(C1, "r1").isEmpty());
        assertTrue(list(C1, ListQuery.ALL, false).isEmpty());
        List<ObjectNode> withDeleted = list(C1, ListQuery.ALL, true);
        assertEquals(1, withDeleted.size());
        assertSameJson(tombstone.toString(), withDeleted.get(0));
    }

    @Test
    void getStoredIsGetWithTheTextTheBackendVouchesFor() {
        createMixedValues();
        create("deep", "{\"a\": {\"b\": [1, {\"c\": \"\\u00e9\\n\"}]}, \"big\": 123456789012345678901234567890}");
        storage.delete(RECORD, C1, "t", true, null).await().indefinitely();

        for (ObjectNode expected : list(C1, ListQuery.ALL, false)) {
            String id = expected.get("id").asText();
            StoredObject stored = storage.getStored(RECORD, C1, id).await().indefinitely().orElseThrow();
            assertEquals(expected, stored.node(), id);
            assertEquals(lm(expected), stored.lastModified(), id);
            if (stored.json() != null) {
                assertEquals(expected, value(stored.json()), id);
            }
        }
        assertTrue(storage.getStored(RECORD, C1, "t").await().indefinitely().isEmpty(), "a tombstone");
        assertTrue(storage.getStored(RECORD, C2, "n1").await().indefinitely().isEmpty(), "another list");
    }

    @Test
    void listStoredIsListAllWithTheTextTheBackendVouchesFor() {
        createMixedValues();
        create("deep", "{\"a\": {\"b\": [1, {\"c\": \"\\u00e9\\n\"}]}, \"big\": 123456789012345678901234567890}");
        storage.delete(RECORD, C1, "t", true, null).await().indefinitely();
        create(C2, "other", "{}");
        ListQuery query = new ListQuery(List.of(), List.of(new Sort("id", false)), List.of(), null);

        for (boolean includeDeleted : new boolean[]{false, true}) {
            List<ObjectNode> expected = list(C1, query, includeDeleted);
            List<StoredObject> stored = storage.listStored(RECORD, C1, query, includeDeleted).await().indefinitely();
            assertEquals(expected.size(), stored.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), stored.get(i).node(), "object " + i);
                assertEquals(lm(expected.get(i)), stored.get(i).lastModified(), "object " + i);
                if (stored.get(i).json() != null) {
                    assertEquals(expected.get(i), value(stored.get(i).json()), "object " + i);
                }
            }
        }
    }

    @Test
    void peekAllReadsEachKeyAsGetInTheirOrder() {
        ObjectNode collection = storage.create(COLLECTION, "/buckets/b1", json("{\"id\": \"c1\", \"n\": 1}"))
                .await().indefinitely();
        ObjectNode record = create("r1", "{\"title\": \"x\", \"big\": 123456789012345678901234567890}");
        create("t", "{}");
        storage.delete(RECORD, C1, "t", true, null).await().indefinitely();

        List<Optional<StoredObject>> found = storage.peekAll(List.of(
                new Storage.Key(RECORD, C1, "r1"), new Storage.Key(RECORD, C1, "missing"),
                new Storage.Key(COLLECTION, "/buckets/b1", "c1"), new Storage.Key(RECORD, C1, "t"),
                new Storage.Key(RECORD, C2, "r1"), new Storage.Key(COLLECTION, "/buckets/b1", "r1")))
                .await().indefinitely();

        assertEquals(6, found.size());
        assertEquals(record, found.get(0).orElseThrow().node());
        assertEquals(lm(record), found.get(0).orElseThrow().lastModified());
        assertTrue(found.get(1).isEmpty(), "missing");
        assertEquals(collection, found.get(2).orElseThrow().node());
        String text = found.get(2).orElseThrow().json();
        if (text != null) {
            assertEquals(collection, value(text));
        }
        assertTrue(found.get(3).isEmpty(), "a tombstone");
        assertTrue(found.get(4).isEmpty(), "another list");
        assertTrue(found.get(5).isEmpty(), "another resource");
        assertEquals(List.of(), storage.peekAll(List.of()).await().indefinitely());
    }

    @Test
    void deleteOfMissingOrDeletedObjectFailsWithNotFound() {
        assertThrows(ObjectNotFoundException.class,
                () -> storage.delete(RECORD, C1, "nope", true, null).await().indefinitely());
        create("r1", "{}");
        storage.delete(RECORD, C1, "r1", true, null).await().indefinitely();

        assertThrows(ObjectNotFoundException.class,
                () -> storage.delete(RECORD, C1, "r1", true, null).await().indefinitely());
    }

    @Test
    void deleteWithoutTombstoneRemovesTheObjectCompletely() {
        create("r1", "{}");

        ObjectNode result = storage.delete(RECORD, C1, "r1", false, null).await().indefinitely();

        assertEquals("r1", result.get("id").asText());
        assertTrue(result.get("deleted").asBoolean());
        assertTrue(list(C1, ListQuery.ALL, true).isEmpty());
    }

    @Test
    void deleteHonoursAForcedTombstoneTimestamp() {
        create("r1", "{}");

        ObjectNode tombstone = storage.delete(RECORD, C1, "r1", true, FUTURE).await().indefinitely();

        assertEquals(FUTURE, lm(tombstone));
        assertEquals(FUTURE, timestamp(RECORD, C1));
    }

    // ---------------------------------------------------------------- timestamps (sync.md §2, §3)

    @Test
    void timestampsStrictlyIncreaseOverManyQuickWrites() {
        long previous = 0;
        for (int i = 0; i < 200; i++) {
            long ts = lm(create("r" + i, "{}"));
            assertTrue(ts > previous, "write " + i + ": " + ts + " <= " + previous);
            previous = ts;
        }
        ObjectNode updated = storage.update(RECORD, C1, "r0", json("{}")).await().indefinitely();
        ObjectNode tombstone = storage.delete(RECORD, C1, "r1", true, null).await().indefinitely();

        assertTrue(lm(updated) > previous);
        assertTrue(lm(tombstone) > lm(updated));
        assertEquals(lm(tombstone), timestamp(RECORD, C1));
    }

    @Test
    void listClocksAreIndependentPerParentAndResource() {
        create(C1, "future", "{\"last_modified\": " + FUTURE + "}");

        long otherParent = lm(create(C2, "r1", "{}"));
        ObjectNode otherResource = storage.create(COLLECTION, C1, json("{\"id\": \"c\"}")).await().indefinitely();
        long next = lm(create(C1, "next", "{}"));

        assertTrue(otherParent < FUTURE);
        assertTrue(lm(otherResource) < FUTURE);
        assertTrue(timestamp(RECORD, C2) < FUTURE);
        assertEquals(FUTURE + 1, next);
        assertEquals(FUTURE + 1, timestamp(RECORD, C1));
    }

    @Test
    void forcedTimestampInThePastIsHonouredAndDoesNotMoveTheListClock() {
        create("a", "{}");
        long b = lm(create("b", "{}"));

        ObjectNode past = create("past", "{\"last_modified\": 1000}");

        assertEquals(1000, lm(past));
        assertEquals(1000, lm(get(C1, "past").orElseThrow()));
        assertEquals(b, timestamp(RECORD, C1));
        assertTrue(lm(create("c", "{}")) > b);
    }

    @Test
    void forcedTimestampInTheFutureMovesTheListClock() {
        create("a", "{}");

        assertEquals(FUTURE, lm(create("future", "{\"last_modified\": " + FUTURE + "}")));

        assertEquals(FUTURE, timestamp(RECORD, C1));
        assertEquals(FUTURE + 1, lm(create("next", "{}")));
    }

    @Test
    void forcedTimestampEqualToTheListTimestampIsBumped() {
        long first = lm(create("a", "{}"));

        long second = lm(create("b", "{\"last_modified\": " + first + "}"));

        assertTrue(second > first);
        assertEquals(second, timestamp(RECORD, C1));
    }

    @Test
    void forcedTimestampOnUpdateIsHonoured() {
        create("a", "{\"x\": 1}");

        ObjectNode updated = storage.update(RECORD, C1, "a", json("{\"x\": 2, \"last_modified\": " + FUTURE + "}"))
                .await().indefinitely();

        assertEquals(FUTURE, lm(updated));
        assertEquals(FUTURE, lm(get(C1, "a").orElseThrow()));
    }

    @Test
    void emptyListTimestampIsFixedAtFirstRequestThenFollowsWrites() throws InterruptedException {
        long first = timestamp(RECORD, C1);
        Thread.sleep(3);

        assertEquals(first, timestamp(RECORD, C1));
        long created = lm(create("a", "{}"));
        assertTrue(created > first);
        assertEquals(created, timestamp(RECORD, C1));
    }

    @Test
    void listTimestampIsTheGreatestOfObjectsAndTombstones() {
        create("a", "{}");
        create("b", "{}");
        create("old", "{\"last_modified\": 1000}");
        long tombstone = lm(storage.delete(RECORD, C1, "a", true, null).await().indefinitely());

        long listTimestamp = timestamp(RECORD, C1);

        assertEquals(tombstone, listTimestamp);
        for (ObjectNode object : list(C1, ListQuery.ALL, true)) {
            assertTrue(listTimestamp >= lm(object));
        }
    }

    @Test
    void concurrentCreatesInOneListGetDistinctTimestamps() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<Long>>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(() -> {
                    List<Long> stamps = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        stamps.add(lm(create("t" + thread + "-" + i, "{}")));
                    }
                    return stamps;
                });
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> future : pool.invokeAll(tasks)) {
                List<Long> stamps = future.get();
                for (int i = 1; i < stamps.size(); i++) {
                    assertTrue(stamps.get(i) > stamps.get(i - 1));
                }
                all.addAll(stamps);
            }
            assertEquals(800, all.size());
            assertEquals(800L, storage.countAll(RECORD, C1, List.of()).await().indefinitely());
            assertEquals(all.stream().mapToLong(Long::longValue).max().orElseThrow(), timestamp(RECORD, C1));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- deleteAll

    @Test
    void deleteAllFollowsTheSortOrderWithIncreasingTimestamps() {
        create("a", "{\"n\": 2}");
        create("b", "{\"n\": 3}");
        create("c", "{\"n\": 1}");
        create("keep", "{\"n\": 0}");
        long before = timestamp(RECORD, C1);

        List<ObjectNode> tombstones = storage.deleteAll(RECORD, C1,
                new ListQuery(List.of(filter("n", "0", Operator.GT)), List.of(new Sort("n", false)), List.of(), null),
                true).await().indefinitely();

        assertEquals(List.of("b", "a", "c"), ids(tombstones));
        assertTrue(lm(tombstones.get(0)) > before);
        assertTrue(lm(tombstones.get(1)) > lm(tombstones.get(0)));
        assertTrue(lm(tombstones.get(2)) > lm(tombstones.get(1)));
        for (ObjectNode tombstone : tombstones) {
            assertTrue(tombstone.get("deleted").asBoolean());
        }
        assertEquals(List.of("keep"), ids(list(C1, ListQuery.ALL, false)));
        assertEquals(4, list(C1, ListQuery.ALL, true).size());
        assertEquals(lm(tombstones.get(2)), timestamp(RECORD, C1));
    }

    @Test
    void deleteAllHonoursTheLimit() {
        for (int i = 1; i <= 5; i++) {
            create("r" + i, "{\"n\": " + i + "}");
        }

        List<ObjectNode> tombstones = storage.deleteAll(RECORD, C1,
                new ListQuery(List.of(), List.of(new Sort("n", true)), List.of(), 2), true).await().indefinitely();

        assertEquals(List.of("r1", "r2"), ids(tombstones));
        assertEquals(List.of("r3", "r4", "r5"), ids(sorted(new Sort("id", true))));
    }

    @Test
    void deleteAllWithoutTombstonesLeavesNothing() {
        create("a", "{}");
        create("b", "{}");

        List<ObjectNode> deleted = storage.deleteAll(RECORD, C1, ListQuery.ALL, false).await().indefinitely();

        assertEquals(Set.of("a", "b"), new HashSet<>(ids(deleted)));
        assertTrue(list(C1, ListQuery.ALL, true).isEmpty());
    }

    @Test
    void deleteAllWithParentPatternCascadesToMatchingListsOnly() {
        create("/buckets/b1/collections/c1", "r1", "{}");
        create("/buckets/b1/collections/c2", "r2", "{}");
        create("/buckets/b10/collections/c1", "r3", "{}");
        create("/buckets/b2/collections/c1", "r4", "{}");
        storage.create(COLLECTION, "/buckets/b1", json("{\"id\": \"c1\"}")).await().indefinitely();

        List<ObjectNode> deleted = storage.deleteAll(null, "/buckets/b1/*", ListQuery.ALL, false).await().indefinitely();

        assertEquals(Set.of("r1", "r2"), new HashSet<>(ids(deleted)));
        assertTrue(get("/buckets/b1/collections/c1", "r1").isEmpty());
        assertTrue(get("/buckets/b10/collections/c1", "r3").isPresent());
        assertTrue(get("/buckets/b2/collections/c1", "r4").isPresent());
        assertTrue(storage.get(COLLECTION, "/buckets/b1", "c1").await().indefinitely().isPresent());
    }

    /** Accounts are one list per account: deleting them all leaves a tombstone in each list, newer than its objects. */
    @Test
    void deleteAllWithParentPatternLeavesTombstonesInEachList() {
        create("/buckets/b1/collections/c1", "r1", "{\"n\": 1}");
        create("/buckets/b1/collections/c1", "r2", "{\"n\": 2}");
        create("/buckets/b1/collections/c2", "r3", "{\"n\": 3}");
        create("/buckets/b2/collections/c1", "r4", "{\"n\": 4}");
        long c1Before = timestamp(RECORD, C1);
        long c2Before = timestamp(RECORD, C2);

        List<ObjectNode> tombstones = storage.deleteAll(RECORD, "/buckets/b1/collections/*",
                new ListQuery(List.of(), List.of(new Sort("n", true)), List.of(), null), true).await().indefinitely();

        assertEquals(Set.of("r1", "r2", "r3"), new HashSet<>(ids(tombstones)));
        tombstones.forEach(tombstone -> assertTrue(tombstone.get("deleted").asBoolean()));
        assertTrue(list(C1, ListQuery.ALL, false).isEmpty());
        assertEquals(2, list(C1, ListQuery.ALL, true).size());
        assertEquals(1, list(C2, ListQuery.ALL, true).size());
        assertTrue(timestamp(RECORD, C1) > c1Before);
        assertTrue(timestamp(RECORD, C2) > c2Before);
        assertTrue(get("/buckets/b2/collections/c1", "r4").isPresent());
    }

    // ---------------------------------------------------------------- purgeDeleted (storage.md §7)

    private void createAndDelete(String parent, String... ids) {
        for (String id : ids) {
            create(parent, id, "{}");
        }
        for (String id : ids) {
            storage.delete(RECORD, parent, id, true, null).await().indefinitely();
        }
    }

    @Test
    void purgeDeletedRemovesAllTombstonesButNotLiveObjects() {
        createAndDelete(C1, "a", "b");
        create("live", "{}");

        int purged = storage.purgeDeleted(RECORD, C1, null, null).await().indefinitely();

        assertEquals(2, purged);
        assertEquals(List.of("live"), ids(list(C1, ListQuery.ALL, true)));
    }

    @Test
    void purgeDeletedBeforeRemovesOnlyOlderTombstones() {
        createAndDelete(C1, "a", "b", "c");
        List<ObjectNode> tombstones = list(C1, sorted(new Sort("last_modified", true)), true);
        long second = lm(tombstones.get(1));

        int purged = storage.purgeDeleted(RECORD, C1, second, null).await().indefinitely();

        assertEquals(1, purged);
        assertEquals(List.of(tombstones.get(1).get("id").asText(), tombstones.get(2).get("id").asText()),
                ids(list(C1, sorted(new Sort("last_modified", true)), true)));
    }

    @Test
    void purgeDeletedKeepsTheMostRecentTombstonesPerList() {
        createAndDelete(C1, "a", "b", "c");
        createAndDelete(C2, "d", "e", "f");

        int purged = storage.purgeDeleted(RECORD, "/buckets/b1/*", null, 1).await().indefinitely();

        assertEquals(4, purged);
        assertEquals(List.of("c"), ids(list(C1, ListQuery.ALL, true)));
        assertEquals(List.of("f"), ids(list(C2, ListQuery.ALL, true)));
    }

    @Test
    void purgeDeletedOfOneResourceLeavesOtherResources() {
        createAndDelete(C1, "a");
        storage.create(COLLECTION, C1, json("{\"id\": \"c\"}")).await().indefinitely();
        storage.delete(COLLECTION, C1, "c", true, null).await().indefinitely();

        assertEquals(1, storage.purgeDeleted(RECORD, C1, null, null).await().indefinitely());

        assertTrue(list(C1, ListQuery.ALL, true).isEmpty());
        assertEquals(1, storage.listAll(COLLECTION, C1, ListQuery.ALL, true).await().indefinitely().size());
    }

    @Test
    void purgingEveryResourceOfAPatternDiscardsListTimestamps() {
        create("/buckets/b1/collections/c1", "r1", "{\"last_modified\": " + FUTURE + "}");
        create("/buckets/b2/collections/c1", "r2", "{\"last_modified\": " + FUTURE + "}");
        storage.deleteAll(null, "/buckets/b1/*", ListQuery.ALL, false).await().indefinitely();
        storage.deleteAll(null, "/buckets/b2/*", ListQuery.ALL, false).await().indefinitely();
        assertEquals(FUTURE, timestamp(RECORD, "/buckets/b1/collections/c1"));

        storage.purgeDeleted(null, "/buckets/b1/*", null, null).await().indefinitely();

        long recreated = lm(create("/buckets/b1/collections/c1", "r1", "{}"));
        assertTrue(recreated < FUTURE, "fresh clock expected, got " + recreated);
        assertEquals(FUTURE, timestamp(RECORD, "/buckets/b2/collections/c1"));
    }

    @Test
    void purgingOneResourceKeepsTheListTimestamp() {
        create("r1", "{\"last_modified\": " + FUTURE + "}");
        storage.delete(RECORD, C1, "r1", false, null).await().indefinitely();

        storage.purgeDeleted(RECORD, "/buckets/b1/*", null, null).await().indefinitely();

        assertEquals(FUTURE, timestamp(RECORD, C1));
        assertEquals(FUTURE + 1, lm(create("r1", "{}")));
    }

    // ---------------------------------------------------------------- listAll / countAll

    @Test
    void listAllWithParentPatternSpansLists() {
        create("/buckets/b1/collections/c1", "r1", "{}");
        create("/buckets/b1/collections/c2", "r2", "{}");
        create("/buckets/b2/collections/c1", "r3", "{}");

        List<String> inB1 = ids(storage.listAll(RECORD, "/buckets/b1/*", sorted(new Sort("id", true)), false)
                .await().indefinitely());
        List<String> everywhere = ids(storage.listAll(RECORD, "*", sorted(new Sort("id", true)), false)
                .await().indefinitely());

        assertEquals(List.of("r1", "r2"), inB1);
        assertEquals(List.of("r1", "r2", "r3"), everywhere);
        assertEquals(3L, storage.countAll(RECORD, "/buckets/*", List.of()).await().indefinitely());
    }

    @Test
    void listAllIncludesTombstonesOnlyWhenAsked() {
        create("a", "{}");
        create("b", "{}");
        storage.delete(RECORD, C1, "a", true, null).await().indefinitely();

        assertEquals(List.of("b"), ids(list(C1, ListQuery.ALL, false)));
        assertEquals(List.of("a", "b"), ids(list(C1, sorted(new Sort("id", true)), true)));
    }

    @Test
    void countAllCountsLiveMatchingObjectsOnly() {
        create("a", "{\"n\": 1}");
        create("b", "{\"n\": 2}");
        create("c", "{\"n\": 2}");
        storage.delete(RECORD, C1, "c", true, null).await().indefinitely();

        assertEquals(2L, storage.countAll(RECORD, C1, List.of()).await().indefinitely());
        assertEquals(1L, storage.countAll(RECORD, C1, List.of(filter("n", "2", Operator.EQ))).await().indefinitely());
        assertEquals(0L, storage.countAll(RECORD, C2, List.of()).await().indefinitely());
    }

    @Test
    void countPerResourceCountsObjectsAndTombstonesOverEveryParent() {
        create(C1, "a", "{}");
        create(C2, "b", "{}");
        create("/buckets/b2/collections/c9", "c", "{}");
        createAndDelete(C1, "d");
        createAndDelete(C2, "e");
        storage.create(COLLECTION, "/buckets/b1", json("{\"id\": \"c1\"}")).await().indefinitely();
        storage.create("bucket", "", json("{\"id\": \"b1\"}")).await().indefinitely();
        storage.delete("bucket", "", "b1", true, null).await().indefinitely();

        assertEquals(java.util.Map.of(RECORD, new ResourceCounts(3, 2), COLLECTION, new ResourceCounts(1, 0),
                "bucket", new ResourceCounts(0, 1)), storage.countPerResource().await().indefinitely());
    }

    @Test
    void countPerResourceLeavesOutRemovedRowsAndBareListTimestamps() {
        assertEquals(java.util.Map.of(), storage.countPerResource().await().indefinitely());
        timestamp("group", "/buckets/b1");
        create(C1, "a", "{}");
        storage.delete(RECORD, C1, "a", false, null).await().indefinitely();
        createAndDelete(C2, "b");
        storage.purgeDeleted(RECORD, C2, null, null).await().indefinitely();

        assertEquals(java.util.Map.of(), storage.countPerResource().await().indefinitely());
    }

    @Test
    void listAllHonoursTheLimitAfterSorting() {
        for (int i = 1; i <= 5; i++) {
            create("r" + i, "{}");
        }

        assertEquals(List.of("r5", "r4"),
                ids(new ListQuery(List.of(), List.of(new Sort("id", false)), List.of(), 2)));
        assertTrue(list(C2, ListQuery.ALL, true).isEmpty());
    }

    // ---------------------------------------------------------------- filters (storage.md §3.2, §3.3)

    @Test
    void eqIsTypedAndNumeric() {
        createMixedValues();

        assertEquals(List.of("n1", "n1f"), filtered(filter("v", "1", Operator.EQ)));
        assertEquals(List.of("n1", "n1f"), filtered(filter("v", "1.0", Operator.EQ)));
        assertEquals(List.of("s1"), filtered(filter("v", "\"1\"", Operator.EQ)));
        assertEquals(List.of("t"), filtered(filter("v", "true", Operator.EQ)));
        assertEquals(List.of("f"), filtered(filter("v", "false", Operator.EQ)));
        assertEquals(List.of("nul"), filtered(filter("v", "null", Operator.EQ)));
    }

    @Test
    void eqComparesArraysAndObjectsStructurally() {
        createMixedValues();

        assertEquals(List.of("arr"), filtered(filter("v", "[1, 2]", Operator.EQ)));
        assertEquals(List.of(), filtered(filter("v", "[2, 1]", Operator.EQ)));
        assertEquals(List.of("obj"), filtered(filter("v", "{\"a\": 1}", Operator.EQ)));
    }

    @Test
    void notMatchesMissingFields() {
        createMixedValues();

        assertEquals(List.of("arr", "f", "n5", "none", "nul", "obj", "s1", "t"),
                filtered(filter("v", "1", Operator.NOT)));
    }

    @Test
    void rangeOperatorsTreatMissingAsGreaterThanEverything() {
        create("a", "{\"v\": 1}");
        create("b", "{\"v\": 2}");
        create("c", "{\"v\": 3}");
        create("none", "{}");

        assertEquals(List.of("a"), filtered(filter("v", "2", Operator.LT)));
        assertEquals(List.of("a", "b"), filtered(filter("v", "2", Operator.MAX)));
        assertEquals(List.of("c", "none"), filtered(filter("v", "2", Operator.GT)));
        assertEquals(List.of("b", "c", "none"), filtered(filter("v", "2", Operator.MIN)));
        assertEquals(List.of("b", "c", "none"), filtered(filter("v", "1.5", Operator.GT)));
    }

    @Test
    void rangeOperatorsCompareAcrossTypesInJsonbOrder() {
        createMixedValues();

        assertEquals(List.of("arr", "f", "n5", "none", "obj", "t"), filtered(filter("v", "1", Operator.GT)));
        assertEquals(List.of("nul", "s1"), filtered(filter("v", "1", Operator.LT)));
        assertEquals(List.of("n1", "n1f", "n5", "nul", "s1"), filtered(filter("v", "false", Operator.LT)));
    }

    @Test
    void inIsTypedAndNeverMatchesMissingFields() {
        createMixedValues();

        assertEquals(List.of("n1", "n1f", "s1"), filtered(filter("v", "[1, \"1\"]", Operator.IN)));
        assertEquals(List.of("t"), filtered(filter("v", "[true]", Operator.IN)));
        assertEquals(List.of("nul"), filtered(filter("v", "[null]", Operator.IN)));
        assertEquals(List.of(), filtered(filter("v", "[]", Operator.IN)));
    }

    @Test
    void excludeMatchesMissingFields() {
        createMixedValues();

        assertEquals(List.of("arr", "f", "n5", "none", "nul", "obj", "t"),
                filtered(filter("v", "[1, \"1\"]", Operator.EXCLUDE)));
    }

    @Test
    void hasCountsJsonNullAsPresent() {
        createMixedValues();

        assertEquals(List.of("arr", "f", "n1", "n1f", "n5", "nul", "obj", "s1", "t"),
                filtered(new Filter("v", BooleanNode.TRUE, Operator.HAS)));
        assertEquals(List.of("none"), filtered(new Filter("v", BooleanNode.FALSE, Operator.HAS)));
    }

    @Test
    void filtersAreAnded() {
        createMixedValues();

        assertEquals(List.of("n5"), filtered(new Filter("v", BooleanNode.TRUE, Operator.HAS),
                filter("v", "1", Operator.GT), filter("v", "false", Operator.LT)));
        assertEquals(List.of(), filtered(filter("v", "1", Operator.EQ), new Filter("v", BooleanNode.FALSE, Operator.HAS)));
    }

    private void createNames() {
        create("hw", "{\"name\": \"Hello World\"}");
        create("h", "{\"name\": \"hello\"}");
        create("y", "{\"name\": \"Yellow\"}");
        create("dot", "{\"name\": \"a.c\"}");
        create("abc", "{\"name\": \"abc\"}");
        create("plus", "{\"name\": \"a+(b)\"}");
        create("num", "{\"name\": 12345}");
        create("nul", "{\"name\": null}");
        create("none", "{}");
    }

    @Test
    void likeIsCaseInsensitiveAndImplicitlySurrounded() {
        createNames();

        assertEquals(List.of("h", "hw"), filtered(filter("name", "\"HELLO\"", Operator.LIKE)));
        assertEquals(List.of("h", "hw", "y"), filtered(filter("name", "\"ello\"", Operator.LIKE)));
    }

    @Test
    void likeStarIsAWildcardAndDisablesImplicitSurrounding() {
        createNames();

        assertEquals(List.of("h"), filtered(filter("name", "\"h*o\"", Operator.LIKE)));
        assertEquals(List.of("hw"), filtered(filter("name", "\"*world\"", Operator.LIKE)));
        assertEquals(List.of("h", "hw"), filtered(filter("name", "\"hel*\"", Operator.LIKE)));
        assertEquals(List.of(), filtered(filter("name", "\"ello\"", Operator.LIKE), filter("name", "\"ello*\"", Operator.LIKE)));
    }

    @Test
    void likeTreatsRegexCharactersLiterally() {
        createNames();

        assertEquals(List.of("dot"), filtered(filter("name", "\"a.c\"", Operator.LIKE)));
        assertEquals(List.of("plus"), filtered(filter("name", "\"+(b)\"", Operator.LIKE)));
        assertEquals(List.of("dot"), filtered(filter("name", "\"a.*c\"", Operator.LIKE)));
    }

    @Test
    void likeMatchesTheTextOfNonStringsButNeverNullOrMissing() {
        createNames();

        assertEquals(List.of("num"), filtered(filter("name", "\"234\"", Operator.LIKE)));
        assertEquals(List.of(), filtered(filter("name", "\"null\"", Operator.LIKE)));
        assertEquals(List.of("abc", "dot", "h", "hw", "num", "plus", "y"), filtered(filter("name", "\"*\"", Operator.LIKE)));
    }

    private void createTags() {
        create("abc", "{\"tags\": [\"a\", \"b\", \"c\"]}");
        create("a", "{\"tags\": [\"a\"]}");
        create("nums", "{\"tags\": [1, 2]}");
        create("str", "{\"tags\": \"a\"}");
        create("obj", "{\"tags\": {\"a\": 1}}");
        create("none", "{}");
    }

    @Test
    void containsRequiresAnArrayWithEveryValue() {
        createTags();

        assertEquals(List.of("a", "abc"), filtered(filter("tags", "[\"a\"]", Operator.CONTAINS)));
        assertEquals(List.of("abc"), filtered(filter("tags", "[\"c\", \"a\"]", Operator.CONTAINS)));
        assertEquals(List.of("nums"), filtered(filter("tags", "[2]", Operator.CONTAINS)));
        assertEquals(List.of(), filtered(filter("tags", "[\"2\"]", Operator.CONTAINS)));
        assertEquals(List.of(), filtered(filter("tags", "[\"a\", \"z\"]", Operator.CONTAINS)));
    }

    @Test
    void containsAnyRequiresAnArrayWithOneOfTheValues() {
        createTags();

        assertEquals(List.of("abc"), filtered(filter("tags", "[\"z\", \"c\"]", Operator.CONTAINS_ANY)));
        assertEquals(List.of("a", "abc", "nums"), filtered(filter("tags", "[\"a\", 1]", Operator.CONTAINS_ANY)));
        assertEquals(List.of(), filtered(filter("tags", "[\"z\"]", Operator.CONTAINS_ANY)));
    }

    @Test
    void dottedFieldsReachNestedValues() {
        create("deep", "{\"a\": {\"b\": {\"c\": 1}}}");
        create("shallow", "{\"a\": {\"b\": 2}}");
        create("scalar", "{\"a\": \"text\"}");
        create("none", "{}");

        assertEquals(List.of("deep"), filtered(filter("a.b.c", "1", Operator.EQ)));
        assertEquals(List.of("none", "scalar", "shallow"), filtered(filter("a.b.c", "1", Operator.NOT)));
        assertEquals(List.of("deep", "shallow"), filtered(new Filter("a.b", BooleanNode.TRUE, Operator.HAS)));
        assertEquals(List.of("shallow"), filtered(filter("a.b", "1", Operator.GT), filter("a.b", "2", Operator.MAX)));
        assertEquals(List.of("shallow", "deep", "none", "scalar"),
                ids(sorted(new Sort("a.b", true), new Sort("id", true))));
    }

    @Test
    void idAndLastModifiedCanBeFiltered() {
        long a = lm(create("a", "{}"));
        long b = lm(create("b", "{}"));
        long c = lm(create("c", "{}"));

        assertEquals(List.of("b"), filtered(new Filter("id", TextNode.valueOf("b"), Operator.EQ)));
        assertEquals(List.of("a", "c"), filtered(filter("id", "[\"a\", \"c\", \"z\"]", Operator.IN)));
        assertEquals(List.of("b", "c"), filtered(new Filter("id", TextNode.valueOf("a"), Operator.GT)));
        assertEquals(List.of("b", "c"), filtered(new Filter("last_modified", LongNode.valueOf(a), Operator.GT)));
        assertEquals(List.of("a", "b"), filtered(new Filter("last_modified", LongNode.valueOf(b), Operator.MAX)));
        assertEquals(List.of("c"), filtered(new Filter("last_modified", LongNode.valueOf(c), Operator.EQ)));
        assertEquals(List.of("a", "c"),
                filtered(new Filter("last_modified", MAPPER.createArrayNode().add(a).add(c), Operator.IN)));
    }

    @Test
    void lastModifiedFiltersSelectTombstonesToo() {
        long a = lm(create("a", "{}"));
        create("b", "{}");
        storage.delete(RECORD, C1, "b", true, null).await().indefinitely();

        List<ObjectNode> since = list(C1, ListQuery.filtered(List.of(new Filter("last_modified", LongNode.valueOf(a),
                Operator.GT))), true);

        assertEquals(List.of("b"), ids(since));
        assertTrue(since.get(0).get("deleted").asBoolean());
    }

    // ---------------------------------------------------------------- sorting (storage.md §3.4)

    private static final List<String> ASCENDING_MIXED =
            List.of("nul", "sa", "sb", "n15", "n2", "n10", "f", "t", "arr", "obj", "none");

    private void createSortValues() {
        create("n10", "{\"v\": 10}");
        create("sb", "{\"v\": \"b\"}");
        create("none", "{}");
        create("t", "{\"v\": true}");
        create("n15", "{\"v\": 1.5}");
        create("obj", "{\"v\": {\"a\": 1}}");
        create("nul", "{\"v\": null}");
        create("f", "{\"v\": false}");
        create("arr", "{\"v\": [1]}");
        create("sa", "{\"v\": \"a\"}");
        create("n2", "{\"v\": 2}");
    }

    @Test
    void ascendingSortOrdersTypesAndPutsMissingLast() {
        createSortValues();

        assertEquals(ASCENDING_MIXED, ids(sorted(new Sort("v", true))));
    }

    @Test
    void descendingSortPutsMissingFirst() {
        createSortValues();

        List<String> descending = new ArrayList<>(ASCENDING_MIXED);
        java.util.Collections.reverse(descending);
        assertEquals(descending, ids(sorted(new Sort("v", false))));
    }

    @Test
    void sortUsesEveryCriterionInTurn() {
        create("a", "{\"g\": 1, \"n\": 1}");
        create("b", "{\"g\": 2, \"n\": 1}");
        create("c", "{\"g\": 1, \"n\": 3}");
        create("d", "{\"g\": 2, \"n\": 2}");
        create("e", "{\"g\": 1}");

        assertEquals(List.of("e", "c", "a", "d", "b"),
                ids(sorted(new Sort("g", true), new Sort("n", false))));
        assertEquals(List.of("b", "d", "a", "c", "e"),
                ids(sorted(new Sort("g", false), new Sort("n", true))));
    }

    @Test
    void sortByIdIsBinaryAndByLastModifiedFollowsWrites() {
        create("b", "{}");
        create("_", "{}");
        create("a", "{}");
        create("B", "{}");

        assertEquals(List.of("B", "_", "a", "b"), ids(sorted(new Sort("id", true))));
        assertEquals(List.of("b", "_", "a", "B"), ids(sorted(new Sort("last_modified", true))));
        assertEquals(List.of("B", "a", "_", "b"), ids(sorted(new Sort("last_modified", false))));
    }

    @Test
    void sortByLastModifiedFollowsTheTimestampsNotTheOrderOfWrites() {
        create("a", "{}");
        create("b", "{}");
        long now = lm(create("c", "{}"));
        create("forced-early", "{\"last_modified\": " + (now - 100_000) + "}");
        storage.update(RECORD, C1, "a", json("{\"again\": true}")).await().indefinitely();
        storage.delete(RECORD, C1, "b", true, null).await().indefinitely();
        create("d", "{}");

        for (boolean includeDeleted : new boolean[]{false, true}) {
            List<ObjectNode> all = list(C1, ListQuery.ALL, includeDeleted);
            List<String> ascending = all.stream().sorted(java.util.Comparator.comparingLong(StorageContractTest::lm))
                    .map(object -> object.get("id").asText()).toList();
            assertEquals(includeDeleted ? 5 : 4, ascending.size());
            assertEquals(List.of("forced-early", "c"), ascending.subList(0, 2));
            assertEquals("d", ascending.get(ascending.size() - 1));
            assertEquals(ascending, ids(list(C1, sorted(new Sort("last_modified", true)), includeDeleted)));
            List<String> descending = new java.util.ArrayList<>(ascending);
            java.util.Collections.reverse(descending);
            assertEquals(descending, ids(list(C1, sorted(new Sort("last_modified", false)), includeDeleted)));
            ListQuery page = new ListQuery(List.of(), List.of(new Sort("last_modified", false)), List.of(), 2);
            assertEquals(descending.subList(0, 2), ids(list(C1, page, includeDeleted)));
        }
    }

    // ---------------------------------------------------------------- pagination rules (storage.md §3.5)

    @Test
    void paginationRulesAreAnOrOfAnds() {
        create("a", "{\"n\": 1}");
        create("b", "{\"n\": 2}");
        create("c", "{\"n\": 2}");
        create("d", "{\"n\": 3}");
        long c = lm(get(C1, "c").orElseThrow());
        List<List<Filter>> afterC = List.of(
                List.of(filter("n", "2", Operator.EQ), new Filter("last_modified", LongNode.valueOf(c), Operator.LT)),
                List.of(filter("n", "2", Operator.GT)));

        List<String> next = ids(new ListQuery(List.of(), List.of(new Sort("n", true), new Sort("last_modified", false)),
                afterC, null));

        assertEquals(List.of("b", "d"), next);
    }

    @Test
    void comparisonsWithAMissingValueFollowNullsLast() {
        create("one", "{\"n\": 1}");
        create("none", "{}");
        JsonNode missing = MissingNode.getInstance();

        assertEquals(List.of("none"), filtered(new Filter("n", missing, Operator.EQ)));
        assertEquals(List.of("none"), filtered(new Filter("n", missing, Operator.MIN)));
        assertEquals(List.of("one"), filtered(new Filter("n", missing, Operator.LT)));
        assertEquals(List.of("none", "one"), filtered(new Filter("n", missing, Operator.MAX)));
        assertEquals(List.of(), filtered(new Filter("n", missing, Operator.GT)));
    }

    @Test
    void paginatingAscendingWithMissingValuesVisitsEveryObjectOnce() {
        assertPaginationCoversList(List.of(new Sort("v", true), new Sort("last_modified", false)));
    }

    @Test
    void paginatingDescendingWithMissingValuesVisitsEveryObjectOnce() {
        assertPaginationCoversList(List.of(new Sort("v", false), new Sort("last_modified", true)));
    }

    private void assertPaginationCoversList(List<Sort> sorting) {
        String[] values = {"1", "1", "\"a\"", "null", null, null, "2.5", "true", "[1]", "2", null, "1.0"};
        for (int i = 0; i < values.length; i++) {
            create("r" + i, values[i] == null ? "{}" : "{\"v\": " + values[i] + "}");
        }
        List<String> expected = ids(sorted(sorting.toArray(new Sort[0])));
        assertEquals(values.length, expected.size());

        List<String> visited = new ArrayList<>();
        List<List<Filter>> rules = List.of();
        for (int page = 0; page < 20; page++) {
            List<ObjectNode> objects = list(C1, new ListQuery(List.of(), sorting, rules, 3), false);
            if (objects.isEmpty()) {
                break;
            }
            visited.addAll(ids(objects));
            rules = rulesAfter(objects.get(objects.size() - 1), sorting);
        }

        assertEquals(expected, visited);
    }

    /** The rules of api.md §8.5: OR over k of (f1 = v1 AND … AND fk ≷ vk), absent values as MissingNode. */
    private static List<List<Filter>> rulesAfter(ObjectNode last, List<Sort> sorting) {
        List<List<Filter>> rules = new ArrayList<>();
        for (int k = sorting.size() - 1; k >= 0; k--) {
            List<Filter> rule = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                rule.add(new Filter(sorting.get(i).field(), fieldValue(last, sorting.get(i).field()), Operator.EQ));
            }
            Sort sort = sorting.get(k);
            rule.add(new Filter(sort.field(), fieldValue(last, sort.field()), sort.ascending() ? Operator.GT : Operator.LT));
            rules.add(rule);
        }
        return rules;
    }

    private static JsonNode fieldValue(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        return value == null ? MissingNode.getInstance() : value;
    }

    // ---------------------------------------------------------------- flush / healthy

    @Test
    void flushRemovesObjectsTombstonesAndListTimestamps() {
        create("a", "{\"last_modified\": " + FUTURE + "}");
        createAndDelete(C2, "b");

        storage.flush().await().indefinitely();

        assertTrue(get(C1, "a").isEmpty());
        assertEquals(0L, storage.countAll(RECORD, "*", List.of()).await().indefinitely());
        assertTrue(storage.listAll(null, "*", ListQuery.ALL, true).await().indefinitely().isEmpty());
        assertTrue(timestamp(RECORD, C1) < FUTURE);
    }

    @Test
    void healthyBackendSaysSo() {
        assertTrue(storage.healthy().await().indefinitely());
    }
}
