package dev.kintoj.postgresql;

import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PostgreSQL databases named by the backend URLs, one pool per distinct URL: backends configured with the same
 * URL share a pool, and so the request's transaction.
 */
public final class Databases implements AutoCloseable {

    private final Vertx vertx;
    private final Map<String, Database> byUrl = new LinkedHashMap<>();

    public Databases(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The database of {@code url}; the first backend to name it sets the pool size and timeouts. */
    public synchronized Database get(String setting, String url, int poolSize, int timeoutSeconds,
                                     int statementTimeoutSeconds) {
        PgConnectOptions options = PostgresUrl.parse(setting, url);
        String key = url.trim();
        return byUrl.computeIfAbsent(key, k -> {
            // UTC sessions, as Kinto requires: timestamps are stored without time zone.
            options.addProperty("TimeZone", "UTC").addProperty("application_name", "kintoj");
            return new Database(vertx, options, poolSize, timeoutSeconds, statementTimeoutSeconds, PostgresUrl.redacted(key));
        });
    }

    /** The databases opened so far (tests count their round trips). */
    public synchronized java.util.List<Database> all() {
        return java.util.List.copyOf(byUrl.values());
    }

    @Override
    public synchronized void close() {
        byUrl.values().forEach(Database::close);
        byUrl.clear();
    }
}
