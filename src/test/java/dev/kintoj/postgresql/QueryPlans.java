package dev.kintoj.postgresql;

import dev.kintoj.PostgresAdmin;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The plans PostgreSQL keeps for the hot statements. A prepared statement's generic plan is made once and kept until
 * the next ANALYZE, so it must stay good while a table grows from a few rows to many (a new deployment, a bulk
 * import): {@link #afterGrowth} makes it on a small unanalysed table and shows it once the table is large.
 */
public final class QueryPlans {

    private QueryPlans() {
    }

    /**
     * The generic plan of {@code statement} made after {@code growth} filled rows 1 to 10, as EXPLAIN shows it once
     * rows 11 to 30,000 are in ({@code growth}: an INSERT with two {@code %d}, the first and last row numbers).
     *
     * @param schema the resource of the tables' script ({@code /db/storage.sql})
     * @param table  the table that grows (autovacuum is off for it: no ANALYZE in between)
     */
    public static String afterGrowth(String name, String schema, String table, String growth, String types,
                                     String statement, String arguments) throws Exception {
        String database = freshDatabase(name);
        return String.join("\n", PostgresAdmin.script(database, List.of(
                script(schema),
                "ALTER TABLE " + table + " SET (autovacuum_enabled = false)",
                growth.formatted(1, 10),
                "SET plan_cache_mode = force_generic_plan",
                "PREPARE statement(" + types + ") AS " + statement,
                "EXPLAIN EXECUTE statement" + arguments,
                growth.formatted(11, 30_000),
                "EXPLAIN EXECUTE statement" + arguments)));
    }

    /**
     * The generic plan of {@code statement} on tables that {@code fill} filled and ANALYZE measured, as EXPLAIN shows
     * it for each of {@code arguments} (one after the other). With skewed contents (one list of many rows among many small ones), the plan
     * PostgreSQL keeps for every list, once it prefers the generic plan, must also serve the large one: its estimates
     * are those of a typical value, not of the argument's.
     */
    public static String generic(String name, String schema, List<String> fill, String types, String statement,
                                 String... arguments) throws Exception {
        String database = freshDatabase(name);
        List<String> setUp = new ArrayList<>();
        setUp.add(script(schema));
        setUp.addAll(fill);
        setUp.add("ANALYZE");
        PostgresAdmin.script(database, setUp);
        StringBuilder plans = new StringBuilder();
        for (String argument : arguments) {
            plans.append(String.join("\n", PostgresAdmin.script(database, List.of(
                    "SET plan_cache_mode = force_generic_plan",
                    "PREPARE statement(" + types + ") AS " + statement,
                    "EXPLAIN EXECUTE statement" + argument)))).append('\n');
        }
        return plans.toString();
    }

    private static String freshDatabase(String name) throws Exception {
        String database = TestDatabase.URL.substring(TestDatabase.URL.lastIndexOf('/') + 1) + "_" + name;
        PostgresAdmin.recreate(database);
        return database;
    }

    private static String script(String schema) throws Exception {
        try (InputStream sql = QueryPlans.class.getResourceAsStream(schema)) {
            return new String(sql.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
