package dev.kintoj.cache.redis;

import dev.kintoj.cache.Cache;
import dev.kintoj.storage.BackendException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * kinto-redis's cache ({@code kinto_redis.cache}): one Redis string per key, named {@code cache_prefix + key}, whose
 * expiry Redis keeps (SET with PX), so that every replica on the same Redis shares pagination tokens and login
 * proofs. Values are stored as given. Every exchange is bounded: past the bound, or when Redis is unreachable, the
 * operation fails with a {@link BackendException} (503, errno 201) instead of holding the request; the pool opens new
 * connections as soon as Redis answers again.
 */
public final class RedisCache implements Cache, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisCache.class);
    /** Kinto-redis's location when {@code cache_url} is empty. */
    public static final String DEFAULT_URL = "redis://localhost:6379/0";
    private static final int SCAN_COUNT = 500;

    private final Redis redis;
    private final String prefix;
    private final Duration bound;

    /**
     * @param url      {@code redis://[:password@]host[:port][/db]} or {@code rediss://...}
     * @param poolSize connections at most ({@code cache_pool_size})
     * @param bound    how long an operation may take, connecting included ({@code cache_pool_timeout})
     */
    public RedisCache(Vertx vertx, String url, int poolSize, String prefix, Duration bound) {
        String location = url == null || url.isBlank() ? DEFAULT_URL : url.strip();
        if (!location.startsWith("redis://") && !location.startsWith("rediss://")) {
            throw new IllegalStateException("Setting cache_url must be a redis:// or rediss:// URL with the redis cache"
                    + " backend, not " + redacted(location));
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bound.toMillis()));
        RedisOptions options = new RedisOptions().setConnectionString(location)
                .setMaxPoolSize(Math.max(1, poolSize))
                // Requests beyond the pool wait for a connection rather than fail: the bound limits the wait.
                .setMaxPoolWaiting(Math.max(1024, poolSize * 64))
                .setPoolRecycleTimeout(15_000);
        options.getNetClientOptions().setConnectTimeout(millis)
                // A connection that stops answering (a partition) is closed, so that the pool replaces it.
                .setReadIdleTimeout(Math.max(30, (int) bound.toSeconds() * 4))
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
        this.redis = Redis.createClient(vertx, options);
        this.prefix = prefix == null ? "" : prefix;
        this.bound = bound;
        // The first connection (and the client's classes) are ready before the first request needs them; startup
        // does not wait, and an unreachable Redis only delays the cache's first use.
        redis.send(Request.cmd(Command.PING)).subscribe().with(pong -> { },
                failure -> LOG.warnf("Redis cache at %s unreachable at startup: %s", redacted(location), failure.toString()));
    }

    private static String redacted(String url) {
        return url.replaceFirst("//[^@/]*@", "//***@");
    }

    @Override
    public Uni<Void> set(String key, String value, Duration ttl) {
        if (ttl.toMillis() <= 0) {
            // Redis refuses a zero expiry; a key that expires at once is a key that is gone.
            return delete(key).replaceWithVoid();
        }
        return send(Request.cmd(Command.SET).arg(prefix + key).arg(value).arg("PX").arg(ttl.toMillis()))
                .replaceWithVoid();
    }

    @Override
    public Uni<Optional<String>> get(String key) {
        return send(Request.cmd(Command.GET).arg(prefix + key))
                .map(response -> Optional.ofNullable(response).map(Response::toString));
    }

    @Override
    public Uni<Boolean> delete(String key) {
        return send(Request.cmd(Command.DEL).arg(prefix + key)).map(response -> response.toLong() > 0);
    }

    /**
     * Kinto-redis empties the whole database; with a {@code cache_prefix} only this cache's keys go, so that caches
     * (or event lists) sharing the database are kept.
     */
    @Override
    public Uni<Void> flush() {
        if (prefix.isEmpty()) {
            return send(Request.cmd(Command.FLUSHDB)).replaceWithVoid();
        }
        return flushFrom("0");
    }

    private Uni<Void> flushFrom(String cursor) {
        return send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(glob(prefix) + "*").arg("COUNT").arg(SCAN_COUNT))
                .chain(page -> {
                    String next = page.get(0).toString();
                    Response keys = page.get(1);
                    Uni<Void> deleted = Uni.createFrom().voidItem();
                    if (keys.size() > 0) {
                        Request unlink = Request.cmd(Command.UNLINK);
                        keys.forEach(k -> unlink.arg(k.toBuffer()));
                        deleted = send(unlink).replaceWithVoid();
                    }
                    return "0".equals(next) ? deleted : deleted.chain(() -> flushFrom(next));
                });
    }

    /** The prefix as a literal in a SCAN MATCH pattern. */
    static String glob(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    @Override
    public Uni<Boolean> healthy() {
        return send(Request.cmd(Command.PING)).map(response -> "PONG".equals(String.valueOf(response)))
                .onFailure().recoverWithItem(false);
    }

    /**
     * One bounded exchange. The client answers on its connection's context: the caller's work (its PostgreSQL
     * transaction, its request memo) goes on in the caller's context.
     */
    private Uni<Response> send(Request request) {
        return Uni.createFrom().deferred(() -> {
            Context context = io.vertx.core.Vertx.currentContext();
            Uni<Response> exchange = redis.send(request)
                    .ifNoItem().after(bound).failWith(() -> new BackendException(
                            "Redis did not answer within " + bound.toMillis() + " ms", null))
                    .onFailure(failure -> !(failure instanceof BackendException))
                    .transform(failure -> new BackendException("Redis unavailable: " + failure.getMessage(), failure));
            return context == null ? exchange : exchange.emitOn(task -> context.runOnContext(ignored -> task.run()));
        });
    }

    @Override
    public void close() {
        redis.close();
    }
}
