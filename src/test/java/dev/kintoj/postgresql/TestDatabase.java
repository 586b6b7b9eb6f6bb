package dev.kintoj.postgresql;

import io.vertx.mutiny.core.Vertx;

/**
 * The PostgreSQL database of the backend tests: {@code KINTOJ_TEST_POSTGRESQL_URL}, by default the local server's
 * {@code kintoj_test} database (the test command creates it). One pool for the whole test JVM, tables created once.
 */
public final class TestDatabase {

    public static final String URL = System.getenv().getOrDefault("KINTOJ_TEST_POSTGRESQL_URL",
            "postgresql://postgres:postgres@127.0.0.1:5432/kintoj_test");

    private static Database database;
    private static Vertx vertx;

    private TestDatabase() {
    }

    public static synchronized Database get() {
        if (database == null) {
            vertx = Vertx.vertx();
            Database created = new Databases(vertx).get("storage_url", URL, 8, 10, 10);
            try {
                for (Schema schema : Schema.values()) {
                    schema.apply(created);
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("The PostgreSQL tests need the server of " + PostgresUrl.redacted(URL)
                        + " (run the tests with ./mvnw verify, which starts it): " + e.getMessage(), e);
            }
            database = created;
        }
        return database;
    }

    public static Vertx vertx() {
        get();
        return vertx;
    }
}
