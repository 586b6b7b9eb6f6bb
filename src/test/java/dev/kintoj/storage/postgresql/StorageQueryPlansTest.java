package dev.kintoj.storage.postgresql;

import dev.kintoj.postgresql.QueryPlans;
import org.junit.jupiter.api.Test;

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
}
