package dev.kintoj.postgresql;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
