package dev.kintoj.postgresql;

import dev.kintoj.PostgresAdmin;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the storage tables that the engine relies on but no request shows directly. */
class StorageSchemaTest {

    /**
     * The timestamp trigger plans its latest-row lookup with sorting disabled: with statistics taken while a list
     * was small, the planner would otherwise fetch the whole list and sort it on every insert (quadratic loads).
     */
    @Test
    void theTimestampTriggerNeverSortsTheList() {
        Row row = TestDatabase.get().query("SELECT array_to_string(proconfig, ',') FROM pg_proc WHERE proname = $1",
                Tuple.of("bump_timestamp")).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals("enable_sort=off", row.getString(0));
    }

    /**
     * A start runs a schema script only when its database does not record that very script as applied (a woken
     * instance must not wait for three catalog-writing transactions); {@code migrate} always runs them. A dropped
     * index shows whether a script ran.
     */
    @Test
    void aStartRunsOnlyTheScriptsItsDatabaseHasNotRun() throws Exception {
        String url = TestDatabase.URL.replaceFirst("\\?.*", "");
        String name = url.substring(url.lastIndexOf('/') + 1) + "_schema";
        PostgresAdmin.recreate(name);
        try (Database database = new Databases(TestDatabase.vertx()).get("storage_url", PostgresAdmin.url(name), 2, 10, 10)) {
            for (Schema schema : Schema.values()) {
                schema.ensure(database); // a new database: every script runs
            }
            assertTrue(hasIndex(name, "idx_cache_ttl"));
            assertTrue(hasIndex(name, "idx_access_control_entries_object_id"));

            PostgresAdmin.query(name, "DROP INDEX idx_cache_ttl");
            for (Schema schema : Schema.values()) {
                schema.ensure(database);
            }
            assertFalse(hasIndex(name, "idx_cache_ttl"), "the recorded script ran again");

            Schema.CACHE.apply(database);
            assertTrue(hasIndex(name, "idx_cache_ttl"), "migrate did not run the script");

            PostgresAdmin.query(name, "DROP INDEX idx_cache_ttl");
            PostgresAdmin.query(name, "UPDATE metadata SET value = 'an older script' WHERE name = 'kintoj_cache_script'");
            Schema.CACHE.ensure(database);
            assertTrue(hasIndex(name, "idx_cache_ttl"), "a changed script did not run");
            assertEquals(1, PostgresAdmin.query(name, "SELECT count(*) FROM metadata WHERE name = 'kintoj_cache_script'")
                    .stream().mapToInt(Integer::parseInt).sum());
        } finally {
            PostgresAdmin.query("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static boolean hasIndex(String database, String index) throws Exception {
        return PostgresAdmin.query(database, "SELECT count(*) FROM pg_indexes WHERE indexname = '" + index + "'").equals(java.util.List.of("1"));
    }
}
