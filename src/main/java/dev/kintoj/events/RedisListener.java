package dev.kintoj.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Json;
import io.vertx.mutiny.core.buffer.Buffer;
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
 * kinto-redis's listener (events.md §5.1): pushes each event's payload, as JSON, onto a Redis list. With a
 * {@code channel} it also PUBLISHes, once the change is committed, the payload with its impacted objects
 * ({@code {"payload": …, "impacted_objects": [{"new": …, "old": …}]}}): the change feed of every replica subscribes
 * to it. Without {@code listname} but with a {@code channel}, it only publishes. Redis failures are logged and
 * ignored: they never fail the request.
 */
final class RedisListener implements EventListener {

    static final String USE = "kinto_redis.listeners";
    private static final Logger LOG = Logger.getLogger(RedisListener.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Redis redis;
    private final String listName;
    private final String channel;

    /** {@code listName}, {@code channel}: null when not wanted. */
    RedisListener(Vertx vertx, String url, int poolSize, String listName, String channel) {
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(poolSize)
                .setMaxPoolWaiting(Math.max(24, poolSize * 4)));
        this.listName = listName;
        this.channel = channel;
    }

    @Override
    public void afterCommit(ResourceEvent event) {
        if (channel == null) {
            return;
        }
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.set("payload", event.payload());
        ArrayNode impacted = message.putArray("impacted_objects");
        for (ResourceEvent.Impacted object : event.objects()) {
            ObjectNode entry = impacted.addObject();
            if (object.newObject() != null) {
                entry.set("new", object.newObject());
            }
            if (object.oldObject() != null) {
                entry.set("old", object.oldObject());
            }
        }
        redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(Buffer.buffer(Json.bytes(message))))
                .ifNoItem().after(TIMEOUT).fail()
                .subscribe().with(ignored -> {
                }, e -> LOG.warnf("Event listener redis: cannot publish on %s: %s", channel, e.toString()));
    }

    @Override
    public Uni<Void> resourceChanged(ResourceEvent event) {
        if (listName == null) {
            return Uni.createFrom().voidItem();
        }
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
        return "redis listener (" + (listName == null ? "channel " + channel : listName) + ")";
    }
}
