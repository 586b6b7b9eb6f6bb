package dev.kintoj.permission.postgresql;

import dev.kintoj.PostgresAdmin;
import dev.kintoj.postgresql.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plans PostgreSQL keeps for the hot permission statements. A prepared statement's generic plan is made once and
 * kept until the next ANALYZE, so it must stay good while a table grows from a few rows to many (a new deployment, a
 * bulk import): made on a small unanalysed table, then used on a large one.
 */
class PermissionQueryPlansTest {

    @Test
    void theAuthorizationCheckProbesTheKeyWithAPlanMadeWhenTheTableWasSmall() throws Exception {
        String plan = planAfterGrowth("text[], text[]", PostgresPermissionBackend.AUTHORIZED_PRINCIPALS,
                "('{/buckets/b,/buckets/b/collections/c}', '{write,write}')");
        assertFalse(plan.contains("Seq Scan on access_control_entries"), plan);
        assertTrue(plan.contains("using access_control_entries_pkey"), plan);
    }

    @Test
    void theAclsOfSeveralObjectsAreReadThroughAnIndexWithAPlanMadeWhenTheTableWasSmall() throws Exception {
        String plan = planAfterGrowth("text[]", PostgresPermissionBackend.OBJECTS_PERMISSIONS,
                "('{/buckets/b,/buckets/b/collections/c}')");
        assertFalse(plan.contains("Seq Scan on access_control_entries"), plan);
        assertTrue(plan.contains("Index Scan") || plan.contains("Index Only Scan") || plan.contains("Bitmap Index Scan"), plan);
    }

    /** The generic plan of the statement made on a 10-row table, as EXPLAIN shows it once the table holds 30,000. */
    private String planAfterGrowth(String types, String statement, String arguments) throws Exception {
        String database = TestDatabase.URL.substring(TestDatabase.URL.lastIndexOf('/') + 1) + "_plans";
        PostgresAdmin.recreate(database);
        String schema;
        try (var sql = getClass().getResourceAsStream("/db/permission.sql")) {
            schema = new String(sql.readAllBytes(), StandardCharsets.UTF_8);
        }
        String grant = "INSERT INTO access_control_entries SELECT '/buckets/b/collections/c/records/' || i, 'write',"
                + " 'basicauth:u' FROM generate_series(%d, %d) AS i";
        return String.join("\n", PostgresAdmin.script(database, List.of(
                schema,
                "ALTER TABLE access_control_entries SET (autovacuum_enabled = false)",
                grant.formatted(1, 10),
                "SET plan_cache_mode = force_generic_plan",
                "PREPARE statement(" + types + ") AS " + statement,
                "EXPLAIN EXECUTE statement" + arguments,
                grant.formatted(11, 30_000),
                "EXPLAIN EXECUTE statement" + arguments)));
    }
}
