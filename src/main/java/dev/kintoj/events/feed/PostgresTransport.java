package dev.kintoj.events.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kintoj.core.Json;
import dev.kintoj.postgresql.Database;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Replicas on one PostgreSQL database: the writer sends NOTIFY inside its transaction, so PostgreSQL delivers the
 * events only if it commits, and in commit order (per collection, the order of the timestamps, which are assigned
 * under the list's lock). Every instance LISTENs on one connection of its own.
 *
 * <p>A notification holds at most 8000 bytes: events are packed into JSON arrays below that size, and an event
 * larger on its own travels as a pointer (its fields without {@code new} and {@code old}); the receivers read the
 * object back from storage ({@code old} is then missing) and drop it if it changed again meanwhile (its newer event
 * follows).
 */
final class PostgresTransport implements FeedTransport {

    private static final Logger LOG = Logger.getLogger(PostgresTransport.class);
    static final int MAX_PAYLOAD_BYTES = 7800;
    private static final String NOTIFY = "SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, n) ORDER BY n";

    private final Database database;
    private final Storage storage;
    private final Vertx vertx;
    private final PgConnectOptions options;
    private final String channel;
    private PgSubscriber subscriber;
    private volatile boolean closed;
    /** Notifications are handled one after the other, also those that wait for a storage read. */
    private CompletionStage<Void> tail = CompletableFuture.completedFuture(null);

    PostgresTransport(Database database, Storage storage, Vertx vertx, PgConnectOptions options, String channel) {
        this.database = database;
        this.storage = storage;
        this.vertx = vertx;
        this.options = options;
        this.channel = channel;
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public Uni<Void> publish(List<FeedEvent> events) {
        List<String> payloads = payloads(events);
        if (payloads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Sent with the COMMIT (one round trip): the writer needs no answer, and a failure still fails the commit.
        return database.withCommit(NOTIFY, Tuple.of(channel, payloads.toArray(new String[0])));
    }

    /** JSON arrays of event data, each below the NOTIFY limit. */
    static List<String> payloads(List<FeedEvent> events) {
        List<String> payloads = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int bytes = 0;
        for (FeedEvent event : events) {
            String data = event.data();
            int size = data.getBytes(StandardCharsets.UTF_8).length;
            if (size + 2 > MAX_PAYLOAD_BYTES) {
                data = pointer(data);
                size = data.getBytes(StandardCharsets.UTF_8).length;
            }
            if (bytes > 0 && bytes + size + 2 > MAX_PAYLOAD_BYTES) {
                payloads.add(current.append(']').toString());
                current.setLength(0);
                bytes = 0;
            }
            current.append(bytes == 0 ? '[' : ',').append(data);
            bytes += size + 1;
        }
        if (bytes > 0) {
            payloads.add(current.append(']').toString());
        }
        return payloads;
    }

    private static String pointer(String data) {
        ObjectNode node = (ObjectNode) Json.parseOrNull(data);
        node.remove("new");
        node.remove("old");
        node.put("pointer", true);
        return Json.write(node);
    }

    @Override
    public void start(Consumer<List<FeedEvent>> receiver, Runnable lost) {
        subscriber = PgSubscriber.subscriber(vertx, options);
        // After a lost connection, LISTEN again; what was notified meanwhile is lost, so subscriptions must resume.
        subscriber.reconnectPolicy(retries -> closed ? -1L : 500L);
        boolean[] subscribedBefore = {false};
        subscriber.channel(channel)
                .subscribeHandler(v -> {
                    if (subscribedBefore[0]) {
                        LOG.infof("Change feed: LISTEN %s again after a lost connection", channel);
                        lost.run();
                    }
                    subscribedBefore[0] = true;
                })
                .handler(payload -> {
                    synchronized (this) {
                        tail = tail.thenCompose(v -> receive(payload, receiver));
                    }
                });
        connect(lost);
    }

    private void connect(Runnable lost) {
        subscriber.connect().onFailure(e -> {
            if (!closed) {
                LOG.warnf("Change feed: cannot LISTEN on PostgreSQL (%s), retrying", e.toString());
                vertx.setTimer(1000, id -> connect(lost));
            }
        });
    }

    private CompletionStage<Void> receive(String payload, Consumer<List<FeedEvent>> receiver) {
        JsonNode array = Json.parseOrNull(payload);
        if (array == null || !array.isArray()) {
            LOG.warnf("Change feed: ignoring a notification on %s that is not ours", channel);
            return CompletableFuture.completedFuture(null);
        }
        List<Uni<FeedEvent>> parsed = new ArrayList<>();
        for (JsonNode data : array) {
            parsed.add(data.path("pointer").asBoolean(false) ? resolve((ObjectNode) data)
                    : Uni.createFrom().item(FeedEvent.fromData(data)));
        }
        return Uni.join().all(parsed).andCollectFailures()
                .invoke(events -> receiver.accept(events.stream().filter(java.util.Objects::nonNull).toList()))
                .onFailure().invoke(e -> LOG.warnf("Change feed: a notification could not be read: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    /** The object of a pointer, read back from storage; null when it has changed since (or is gone). */
    private Uni<FeedEvent> resolve(ObjectNode data) {
        FeedEvent pointer = FeedEvent.fromData(data);
        if (pointer == null) {
            return Uni.createFrom().nullItem();
        }
        String id = pointer.objectUri().substring(pointer.objectUri().lastIndexOf('/') + 1);
        ListQuery query = ListQuery.filtered(List.of(new Filter("id", TextNode.valueOf(id), Operator.EQ)));
        return storage.listAll(pointer.resourceName(), pointer.parentUri(), query, true).map(rows -> {
            if (rows.isEmpty() || rows.get(0).path("last_modified").asLong() != pointer.timestamp()) {
                return null;
            }
            data.remove("pointer");
            data.set("new", rows.get(0));
            return FeedEvent.fromData(data);
        });
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public void close() {
        closed = true;
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
