package dev.kintoj.events;

import dev.kintoj.core.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * kinto-redis's listener (events.md §5.1): pushes each event's payload, as JSON, onto a Redis list. Redis failures
 * are logged and ignored: they never fail the request.
 */
final class RedisListener implements EventListener {

    static final String USE = "kinto_redis.listeners";
    private static final Logger LOG = Logger.getLogger(RedisListener.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Redis redis;
    private final String listName;

    RedisListener(Vertx vertx, String url, int poolSize, String listName) {
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(poolSize)
                .setMaxPoolWaiting(Math.max(24, poolSize * 4)));
        this.listName = listName;
    }

    @Override
    public Uni<Void> resourceChanged(ResourceEvent event) {
        Context context = io.vertx.core.Vertx.currentContext();
        String payload = new String(Json.bytes(event.payload()), StandardCharsets.UTF_8);
        Uni<Void> pushed = redis.send(Request.cmd(Command.LPUSH).arg(listName).arg(payload))
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure().invoke(e -> LOG.warnf("Event listener redis: cannot push onto %s: %s", listName, e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
        // The Redis client answers on its own connection's context: the rest of the request (its transaction) must
        // go on in the request's context.
        return context == null ? pushed : pushed.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    @Override
    public String toString() {
        return "redis listener (" + listName + ")";
    }
}
