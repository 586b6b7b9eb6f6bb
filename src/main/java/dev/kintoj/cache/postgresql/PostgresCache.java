package dev.kintoj.cache.postgresql;

import dev.kintoj.cache.Cache;
import dev.kintoj.postgresql.Database;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kinto's PostgreSQL cache table (storage.md §5). Writes are committed at once, never with the request's
 * transaction (a consumed pagination token stays consumed). Expired keys are ignored when read and swept now
 * and then when keys are written.
 */
public class PostgresCache implements Cache {

    private static final String NOW = "(clock_timestamp() AT TIME ZONE 'UTC')";
    private static final int SWEEP_ONE_IN = 100;

    private final Database database;
    private final String prefix;

    public PostgresCache(Database database, String prefix) {
        this.database = database;
        this.prefix = prefix == null ? "" : prefix;
    }

    @Override
    public Uni<Void> set(String key, String value, Duration ttl) {
        Uni<Void> sweep = ThreadLocalRandom.current().nextInt(SWEEP_ONE_IN) == 0
                ? database.autocommit("DELETE FROM cache WHERE ttl < " + NOW, Tuple.tuple()).replaceWithVoid()
                : Uni.createFrom().voidItem();
        return sweep.chain(() -> database.autocommit("INSERT INTO cache (key, value, ttl)"
                        + " VALUES ($1, $2, " + NOW + " + $3 * INTERVAL '1 millisecond')"
                        + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, ttl = EXCLUDED.ttl",
                Tuple.of(prefix + key, value, ttl.toMillis()))).replaceWithVoid();
    }

    @Override
    public Uni<Optional<String>> get(String key) {
        return database.autocommit("SELECT value FROM cache WHERE key = $1 AND (ttl IS NULL OR ttl > " + NOW + ")",
                        Tuple.of(prefix + key))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("value")));
    }

    @Override
    public Uni<Boolean> delete(String key) {
        return database.autocommit("DELETE FROM cache WHERE key = $1 RETURNING (ttl IS NULL OR ttl > " + NOW + ") AS live",
                        Tuple.of(prefix + key))
                .map(rows -> rows.rowCount() > 0 && rows.iterator().next().getBoolean("live"));
    }

    @Override
    public Uni<Void> flush() {
        return database.autocommit("TRUNCATE cache", Tuple.tuple()).replaceWithVoid();
    }

    @Override
    public Uni<Boolean> healthy() {
        return database.healthy();
    }
}
