package dev.kintoj.events.feed;

import dev.kintoj.config.DynamicSettings;
import dev.kintoj.config.WhitespaceList;
import dev.kintoj.events.EventListener;
import dev.kintoj.postgresql.Database;
import dev.kintoj.storage.Storage;
import io.vertx.pgclient.PgConnectOptions;
import dev.kintoj.events.ResourceEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live change feed's hub on one instance: it hands committed changes to the transport (as an engine listener)
 * and fans what the transport delivers out to the open subscriptions of the bucket. Fan-out runs on one thread of
 * its own, in delivery order, so that a writer never waits for subscribers (a 10,000-object deletion included):
 * each subscription only gets references to the shared events in its bounded buffer.
 */
public final class ChangeFeed implements EventListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    private final FeedTransport transport;
    private final FeedSettings settings;
    private final Map<String, Set<Subscription>> byBucket = new ConcurrentHashMap<>();
    private final Set<Subscription> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "kintoj-change-feed");
        thread.setDaemon(true);
        return thread;
    });
    private final long heartbeatTimer;
    private final Vertx vertx;

    ChangeFeed(FeedTransport transport, FeedSettings settings, Vertx vertx) {
        this.transport = transport;
        this.settings = settings;
        this.vertx = vertx;
        transport.start(events -> dispatcher.execute(() -> deliver(events)), this::lost);
        heartbeatTimer = vertx.setPeriodic(settings.heartbeatSeconds() * 1000L, id -> all.forEach(Subscription::heartbeat));
    }

    /**
     * The feed with the transport the configuration calls for: Redis pub/sub when a {@code kinto_redis.listeners}
     * listener has a {@code channel}, else PostgreSQL LISTEN/NOTIFY when the storage is PostgreSQL ({@code database}
     * not null), else in process.
     */
    public static ChangeFeed create(FeedSettings settings, DynamicSettings dynamic, Vertx vertx, Storage storage,
                                    Database database, PgConnectOptions options) {
        if (!settings.enabled()) {
            return new ChangeFeed(new InProcessTransport(), settings, vertx);
        }
        for (String name : WhitespaceList.split(dynamic.get("event_listeners").orElse(""))) {
            String prefix = "event_listeners." + name + ".";
            Optional<String> channel = dynamic.get(prefix + "channel");
            if (dynamic.get(prefix + "use").filter("kinto_redis.listeners"::equals).isPresent() && channel.isPresent()) {
                return new ChangeFeed(new RedisTransport(vertx,
                        dynamic.get(prefix + "url").orElse("redis://localhost:6379/0"), channel.get()), settings, vertx);
            }
        }
        if (database != null) {
            return new ChangeFeed(new PostgresTransport(database, storage, vertx, options, settings.channel()), settings, vertx);
        }
        return new ChangeFeed(new InProcessTransport(), settings, vertx);
    }

    public FeedSettings settings() {
        return settings;
    }

    /** {@code memory}, {@code postgresql} or {@code redis}. */
    public String transportName() {
        return transport.name();
    }

    public int subscribers() {
        return count.get();
    }

    @Override
    public boolean accepts(String action, String resourceName) {
        return !action.equals("read") && FeedEvent.KINDS.contains(resourceName);
    }

    @Override
    public Uni<Void> resourceChanged(ResourceEvent event) {
        return transport.transactional() ? transport.publish(FeedEvent.of(event)) : Uni.createFrom().voidItem();
    }

    @Override
    public void afterCommit(ResourceEvent event) {
        if (!transport.transactional()) {
            transport.publish(FeedEvent.of(event)).subscribe().with(ignored -> {
            }, e -> LOG.warnf("Change feed: cannot publish an event: %s", e.toString()));
        }
    }

    /** Adds an open stream; false when the instance has {@code change_feed_max_subscribers} already. */
    boolean register(Subscription subscription) {
        if (count.incrementAndGet() > settings.maxSubscribers()) {
            count.decrementAndGet();
            return false;
        }
        all.add(subscription);
        byBucket.computeIfAbsent(subscription.bucketId(), b -> ConcurrentHashMap.newKeySet()).add(subscription);
        return true;
    }

    void unregister(Subscription subscription) {
        if (all.remove(subscription)) {
            count.decrementAndGet();
            Set<Subscription> bucket = byBucket.get(subscription.bucketId());
            if (bucket != null) {
                bucket.remove(subscription);
            }
        }
    }

    private void deliver(List<FeedEvent> events) {
        for (FeedEvent event : events) {
            if (!event.resourceName().equals("record")) {
                // A bucket, collection or group changed: permissions or group memberships may have changed with it.
                all.forEach(Subscription::permissionsMayHaveChanged);
            }
            Set<Subscription> subscriptions = byBucket.get(event.bucketId());
            if (subscriptions != null) {
                for (Subscription subscription : subscriptions) {
                    subscription.offer(event);
                }
            }
        }
    }

    /** Events may have been missed: every stream is closed, and its client resumes from its last event id. */
    private void lost() {
        dispatcher.execute(() -> all.forEach(Subscription::closeToResume));
    }

    @Override
    public void close() {
        vertx.cancelTimer(heartbeatTimer);
        all.forEach(Subscription::closeToResume);
        transport.close();
        dispatcher.shutdownNow();
    }
}
