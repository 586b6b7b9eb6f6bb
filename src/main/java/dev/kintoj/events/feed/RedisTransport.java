package dev.kintoj.events.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.core.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replicas sharing a Redis: the {@code kinto_redis.listeners} listener configured with a {@code channel} PUBLISHes
 * every committed event there (events.md §5.1 plus the impacted objects); every instance SUBSCRIBEs to it. Redis is
 * not part of the writer's transaction: events are published after the commit, so concurrent writers of one
 * collection may be seen in either order (PostgreSQL LISTEN/NOTIFY keeps the commit order).
 */
final class RedisTransport implements FeedTransport {

    private static final Logger LOG = Logger.getLogger(RedisTransport.class);

    private final Vertx vertx;
    private final String url;
    private final String channel;
    private volatile boolean closed;
    private volatile RedisConnection connection;
    private Redis client;

    RedisTransport(Vertx vertx, String url, String channel) {
        this.vertx = vertx;
        this.url = url;
        this.channel = channel;
    }

    @Override
    public boolean transactional() {
        return false;
    }

    /** The configured listener publishes; nothing to do here. */
    @Override
    public Uni<Void> publish(List<FeedEvent> events) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public void start(Consumer<List<FeedEvent>> receiver, Runnable lost) {
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
        connect(receiver, lost, false);
    }

    private void connect(Consumer<List<FeedEvent>> receiver, Runnable lost, boolean again) {
        if (closed) {
            return;
        }
        client.connect().onSuccess(conn -> {
            connection = conn;
            conn.handler(message -> receive(message, receiver));
            Runnable reconnect = () -> {
                if (!closed && connection == conn) {
                    connection = null;
                    vertx.setTimer(500, id -> connect(receiver, lost, true));
                }
            };
            conn.exceptionHandler(e -> reconnect.run());
            conn.endHandler(v -> reconnect.run());
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).onSuccess(ok -> {
                if (again) {
                    LOG.infof("Change feed: subscribed to Redis channel %s again after a lost connection", channel);
                    lost.run();
                }
            });
        }).onFailure(e -> {
            LOG.warnf("Change feed: cannot subscribe to Redis channel %s (%s), retrying", channel, e.toString());
            vertx.setTimer(1000, id -> connect(receiver, lost, again));
        });
    }

    private void receive(Response message, Consumer<List<FeedEvent>> receiver) {
        if (message == null || message.size() < 3 || !"message".equals(message.get(0).toString())
                || !channel.equals(message.get(1).toString())) {
            return;
        }
        JsonNode event = Json.parseOrNull(message.get(2).toString());
        if (event == null || !event.path("payload").isObject()) {
            return;
        }
        List<JsonNode[]> objects = new ArrayList<>();
        for (JsonNode impacted : event.path("impacted_objects")) {
            objects.add(new JsonNode[]{impacted.get("new"), impacted.get("old")});
        }
        receiver.accept(FeedEvent.of(event.get("payload"), objects));
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public void close() {
        closed = true;
        RedisConnection current = connection;
        if (current != null) {
            current.close();
        }
    }
}
