package dev.kintoj.storage.postgresql;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kintoj.postgresql.QueryPlans;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plans PostgreSQL keeps for the storage statements a read sends ahead (README, On PostgreSQL), made on a small
 * table and used on a large one ({@link QueryPlans}).
 */
class StorageQueryPlansTest {

    private static final String RECORDS = "INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted)"
            + " SELECT 'r' || i, '/buckets/b/collections/c', 'record', TIMESTAMP '2026-01-01' + i * INTERVAL '1 ms',"
            + " '{}', FALSE FROM generate_series(%d, %d) AS i";

    /** The default page of a list request without {@code _limit}: storage_max_fetch_size + 1. */
    private static final int DEFAULT_PAGE = 10_001;
    private static final String BIG = "/buckets/b/collections/big";
    private static final String INDEX_IN_ORDER = "idx_objects_parent_id_resource_name_last_modified";

    /**
     * One list of 100,000 records (10% with status "closed", a tenth of those tombstones) among 300 lists of 1 to 50;
     * the trigger is off (timestamps given) so that the fill takes a second.
     */
    private static final List<String> SKEWED = List.of(
            "ALTER TABLE objects DISABLE TRIGGER tgr_objects_last_modified",
            "INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted)"
                    + " SELECT 'r' || i, '" + BIG + "', 'record', TIMESTAMP '2026-01-01' + i * INTERVAL '1 ms',"
                    + " jsonb_build_object('status', CASE WHEN i % 10 = 0 THEN 'closed' ELSE 'open' END, 'n', i),"
                    + " i % 100 = 1 FROM generate_series(1, 100000) AS i",
            "INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted)"
                    + " SELECT 'r' || i, '/buckets/b/collections/c' || c, 'record',"
                    + " TIMESTAMP '2026-01-01' + (c * 1000 + i) * INTERVAL '1 ms',"
                    + " jsonb_build_object('status', CASE WHEN i % 10 = 0 THEN 'closed' ELSE 'open' END, 'n', i), FALSE"
                    + " FROM generate_series(1, 300) AS c, generate_series(1, 1 + c % 50) AS i",
            "INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted)"
                    + " SELECT 'c' || c, '/buckets/b', 'collection', TIMESTAMP '2026-01-01' + c * INTERVAL '1 ms', '{}', FALSE"
                    + " FROM generate_series(1, 300) AS c",
            "ALTER TABLE objects ENABLE TRIGGER tgr_objects_last_modified");

    @Test
    void aPageIsReadInTheListIndexOrderWithAPlanMadeWhenTheListWasSmall() throws Exception {
        // The id tie-break put a full Sort over the index scan (1 row expected): every page read the whole list.
        String plan = pageAfterGrowth("plans_page", new ListQuery(List.of(), defaultOrder(), List.of(), 11));
        assertOrderedWalk(plan);
    }

    @Test
    void aSincePageIsReadInTheListIndexOrderWithAPlanMadeWhenTheListWasSmall() throws Exception {
        Filter since = new Filter("last_modified", LongNode.valueOf(0), Operator.GT);
        String plan = pageAfterGrowth("plans_since", new ListQuery(List.of(since), defaultOrder(), List.of(), DEFAULT_PAGE));
        assertOrderedWalk(plan);
        assertTrue(plan.contains("last_modified >"), plan); // the range is an index condition
    }

    @Test
    void aFilteredPageIsReadInTheListIndexOrderWithAPlanMadeWhenTheListWasSmall() throws Exception {
        String plan = pageAfterGrowth("plans_filter_growth", new ListQuery(List.of(closed()), defaultOrder(), List.of(), 11));
        assertOrderedWalk(plan);
    }

    @Test
    void aFilteredPageOfTheLargeListIsReadInOrderWithTheGenericPlanOfSkewedLists() throws Exception {
        // Expecting a data filter to keep a row or two, the generic plan read the whole list through the
        // (resource_name, parent_id, deleted) index and sorted it, for any page size.
        List<Object> parameters = new ArrayList<>();
        String statement = PostgresStorage.pageStatement("record", BIG,
                new ListQuery(List.of(closed()), defaultOrder(), List.of(), DEFAULT_PAGE), false, DEFAULT_PAGE, parameters);
        String page = arguments(parameters);
        // The same statement for an 11-object page: only the last argument, the limit, differs.
        String smallPage = page.substring(0, page.lastIndexOf(", ")) + ", 11)";
        String plans = QueryPlans.generic("plans_filter_skewed", "/db/storage.sql", SKEWED, types(parameters), statement,
                page, smallPage);
        assertOrderedWalk(plans);
    }

    @Test
    void theListTimestampIsReadFromTheNewestEntryOfTheListIndex() throws Exception {
        String plan = QueryPlans.afterGrowth("plans_ts", "/db/storage.sql", "objects", RECORDS, "text, text",
                PostgresStorage.KNOWN_TIMESTAMP, "('/buckets/b/collections/c', 'record')");
        assertFalse(plan.contains("Seq Scan on objects"), plan);
        assertFalse(plan.contains("Sort"), plan);
        assertTrue(plan.contains("idx_objects_parent_id_resource_name_last_modified"), plan);
    }

    /** Collections of one id in as many buckets, as every user's default bucket has them. */
    private static final String SAME_ID = "ALTER TABLE objects DISABLE TRIGGER USER;" // its list locks would overflow
            + " INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted)"
            + " SELECT 'tasks', '/buckets/u' || i, 'collection', TIMESTAMP '2026-01-01' + i * INTERVAL '1 ms',"
            + " '{}', FALSE FROM generate_series(%d, %d) AS i; ALTER TABLE objects ENABLE TRIGGER USER";

    @Test
    void anObjectIsReadThroughItsWholeKey() throws Exception {
        String plan = QueryPlans.afterGrowth("plans_get", "/db/storage.sql", "objects", RECORDS, "text, text, text",
                PostgresStorage.GET, "('r5', '/buckets/b/collections/c', 'record')");
        assertWholeKey(plan);
    }

    @Test
    void anObjectWhoseIdManyParentsShareIsReadThroughItsWholeKey() throws Exception {
        String plan = QueryPlans.afterGrowth("plans_get_shared", "/db/storage.sql", "objects", SAME_ID,
                "text, text, text", PostgresStorage.GET, "('tasks', '/buckets/u20000', 'collection')");
        assertWholeKey(plan);
    }

    @Test
    void objectsReadTogetherAreEachReadThroughTheirWholeKey() throws Exception {
        String plan = QueryPlans.afterGrowth("plans_peek_all", "/db/storage.sql", "objects", SAME_ID,
                "text, text, text, text, text, text", PostgresStorage.peekAll(2),
                "('tasks', '/buckets/u20000', 'collection', 'r5', '/buckets/b/collections/c', 'record')");
        String after = plan.substring(plan.lastIndexOf("Append"));
        assertTrue(after.contains("Index Cond: (((id || ''::text) = $1) AND ((parent_id || ''::text) = $2)"
                + " AND ((resource_name || ''::text) = $3))"), plan);
        assertTrue(after.contains("Index Cond: (((id || ''::text) = $4) AND ((parent_id || ''::text) = $5)"
                + " AND ((resource_name || ''::text) = $6))"), plan);
        assertFalse(plan.contains("Seq Scan on objects"), plan);
    }

    @Test
    void anObjectIsDeletedThroughItsWholeKey() throws Exception {
        assertWholeKey(QueryPlans.afterGrowth("plans_tombstone", "/db/storage.sql", "objects", RECORDS,
                "text, text, text, bigint", PostgresStorage.TOMBSTONE, "('r5', '/buckets/b/collections/c', 'record', NULL)"));
        assertWholeKey(QueryPlans.afterGrowth("plans_remove", "/db/storage.sql", "objects", SAME_ID,
                "text, text, text", PostgresStorage.REMOVE, "('tasks', '/buckets/u20000', 'collection')"));
    }

    /** One probe of the key index with the three parts of the key: no list, no run of objects of one id, is scanned. */
    private static void assertWholeKey(String plan) {
        assertTrue(plan.contains("Index Scan using idx_objects_key on objects"), plan);
        assertTrue(plan.contains("Index Cond: (((id || ''::text) = $1) AND ((parent_id || ''::text) = $2)"
                + " AND ((resource_name || ''::text) = $3))"), plan);
        assertFalse(plan.contains("Seq Scan on objects"), plan);
    }

    @Test
    void aDeletionReachesEachRowItTurnsIntoATombstoneByItsAddress() throws Exception {
        String statement = PostgresStorage.tombstonesInOrder("SELECT ctid AS row_id, parent_id, resource_name FROM objects"
                + " WHERE parent_id = $1 AND resource_name = $2 AND NOT deleted ORDER BY last_modified DESC FOR UPDATE");
        String plan = QueryPlans.afterGrowth("plans_delete", "/db/storage.sql", "objects", RECORDS, "text, text",
                statement, "('/buckets/b/collections/c', 'record')");
        // Through the key, the plan made on a small list looked each row up in the list index: quadratic.
        assertTrue(plan.contains("Tid Scan on objects o"), plan);
        assertFalse(plan.contains("Seq Scan on objects"), plan);
    }

    private static String pageAfterGrowth(String name, ListQuery query) throws Exception {
        List<Object> parameters = new ArrayList<>();
        String statement = PostgresStorage.pageStatement("record", "/buckets/b/collections/c", query, false,
                query.limit(), parameters);
        return QueryPlans.afterGrowth(name, "/db/storage.sql", "objects", RECORDS, types(parameters), statement,
                arguments(parameters));
    }

    /** The list's index read in order and nothing sorted: the scan stops at the page's end. */
    private static void assertOrderedWalk(String plan) {
        assertFalse(plan.contains("Sort"), plan);
        assertFalse(plan.contains("Seq Scan on objects"), plan);
        assertTrue(plan.contains(INDEX_IN_ORDER) || plan.contains("idx_objects_parent_id_record_last_modified"), plan);
    }

    private static List<Sort> defaultOrder() {
        return List.of(new Sort("last_modified", false));
    }

    /** {@code status=closed}. */
    private static Filter closed() {
        return new Filter("status", TextNode.valueOf("closed"), Operator.EQ);
    }

    private static String types(List<Object> parameters) {
        return parameters.stream().map(value -> {
            if (value instanceof String[]) {
                return "text[]";
            }
            if (value instanceof String) {
                return "text";
            }
            if (value instanceof Number) {
                return "bigint";
            }
            throw new IllegalArgumentException(value.getClass().getName());
        }).collect(Collectors.joining(", "));
    }

    private static String arguments(List<Object> parameters) {
        return parameters.stream().map(value -> {
            if (value instanceof String[] texts) {
                return literal(Arrays.stream(texts)
                        .map(text -> "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                        .collect(Collectors.joining(",", "{", "}")));
            }
            return value instanceof String text ? literal(text) : value.toString();
        }).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
