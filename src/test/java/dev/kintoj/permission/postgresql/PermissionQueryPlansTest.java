package dev.kintoj.permission.postgresql;

import dev.kintoj.postgresql.QueryPlans;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plans PostgreSQL keeps for the hot permission statements, made on small tables and used on large ones ({@link QueryPlans}). */
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

    @Test
    void theGroupsOfAUserAreReadThroughTheKeyWithAPlanMadeWhenTheTableWasSmall() throws Exception {
        String plan = QueryPlans.afterGrowth("plans_groups", "/db/permission.sql", "user_principals",
                "INSERT INTO user_principals SELECT 'basicauth:u' || i, '/buckets/b/groups/g' FROM generate_series(%d, %d) AS i",
                "text[]", PostgresPermissionBackend.USER_PRINCIPALS, "('{basicauth:u5,system.Authenticated}')");
        assertFalse(plan.contains("Seq Scan on user_principals"), plan);
        assertTrue(plan.contains("user_principals_pkey"), plan);
    }

    @Test
    void theGroupsAndTheAclsReadTogetherKeepBothPlansWithAPlanMadeWhenTheTablesWereSmall() throws Exception {
        String plan = QueryPlans.afterGrowth("plans_together", "/db/permission.sql", "access_control_entries",
                "ALTER TABLE user_principals SET (autovacuum_enabled = false);"
                        + " INSERT INTO access_control_entries SELECT '/buckets/b/collections/c/records/' || i, 'write',"
                        + " 'basicauth:u' FROM generate_series(%1$d, %2$d) AS i;"
                        + " INSERT INTO user_principals SELECT 'basicauth:u' || i, '/buckets/b/groups/g'"
                        + " FROM generate_series(%1$d, %2$d) AS i",
                "text[], text[]", PostgresPermissionBackend.PRINCIPALS_AND_OBJECTS_PERMISSIONS,
                "('{basicauth:u5,system.Authenticated}', '{/buckets/b,/buckets/b/collections/c}')");
        String after = plan.substring(plan.lastIndexOf("Append"));
        assertFalse(after.contains("Seq Scan"), plan);
        assertTrue(after.contains("user_principals_pkey"), plan);
        assertTrue(after.contains("on access_control_entries a"), plan);
    }

    private String planAfterGrowth(String types, String statement, String arguments) throws Exception {
        return QueryPlans.afterGrowth("plans", "/db/permission.sql", "access_control_entries",
                "INSERT INTO access_control_entries SELECT '/buckets/b/collections/c/records/' || i, 'write',"
                        + " 'basicauth:u' FROM generate_series(%d, %d) AS i", types, statement, arguments);
    }
}
