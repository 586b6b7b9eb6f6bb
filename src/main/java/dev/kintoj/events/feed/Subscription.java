package dev.kintoj.events.feed;

import dev.kintoj.storage.Storage;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open stream of the change feed. Live events are buffered from the moment it is registered; the replay of
 * what changed after the client's last event id is written first, then the buffered and later live events. A live
 * event at or below the last timestamp replayed from its list was committed before that read (timestamps strictly
 * increase per list), so it is skipped: no gap and no duplicate across the switch. A collection's feed is one list:
 * its event ids are timestamps. A bucket's feed has several, which may commit out of timestamp order between
 * them: its event ids are {@link FeedPosition}s, one timestamp per list.
 *
 * <p>Everything but {@link #offer} runs on the connection's event loop. Writes stop while the connection's write
 * queue is full; the events waiting meanwhile are bounded by {@code change_feed_buffer_size}, past which the
 * connection is closed (the client resumes with {@code Last-Event-ID}).
 */
public final class Subscription {

    private static final Logger LOG = Logger.getLogger(Subscription.class);

    private final ChangeFeed feed;
    private final HttpServerResponse response;
    private final Context context;
    private final String bucketId;
    private final String collectionUri;
    /** Where the client said it was (null: nowhere, a new stream); what is at or below it is not sent again. */
    private final FeedPosition since;
    /** Where the client is after the events sent so far: the ids of a bucket's feed. */
    private final FeedPosition position;
    private final FeedAccess access;
    private final ConcurrentLinkedQueue<FeedEvent> live = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Per list ({@link FeedEvent#list}), the newest timestamp replayed from storage. */
    private final Map<String, Long> replayed = new HashMap<>();
    private Replay replay;
    private volatile boolean busy;
    private volatile boolean closed;

    /**
     * @param context      the connection's event loop (a root context: nothing here belongs to a request's memo)
     * @param collectionId null for the bucket's feed
     * @param since        the client's last event id, or null: replay what changed after it
     */
    public Subscription(ChangeFeed feed, HttpServerResponse response, Context context, Storage storage, String bucketId,
                        String collectionId, FeedPosition since, FeedAccess access) {
        this.feed = feed;
        this.response = response;
        this.context = context;
        this.bucketId = bucketId;
        this.collectionUri = collectionId == null ? null : "/buckets/" + bucketId + "/collections/" + collectionId;
        this.since = since;
        this.position = since == null ? FeedPosition.none() : since.copy();
        this.access = access;
        this.replay = since == null ? null : new Replay(storage, bucketId, collectionId, since);
    }

    String bucketId() {
        return bucketId;
    }

    /** Registers the stream with the feed and starts writing; false when the instance has too many subscribers. */
    public boolean start() {
        if (!feed.register(this)) {
            return false;
        }
        response.closeHandler(v -> close(false));
        response.exceptionHandler(e -> close(false));
        schedule();
        return true;
    }

    /** From the feed's thread: a live event of this subscription's bucket. */
    void offer(FeedEvent event) {
        if (closed || (collectionUri != null && !(event.resourceName().equals("record") && event.parentUri().equals(collectionUri)))) {
            return;
        }
        if (buffered.incrementAndGet() > feed.settings().bufferSize()) {
            context.runOnContext(v -> {
                if (!closed) {
                    LOG.debugf("Change feed: closing a slow subscriber of %s (%d events waiting)", bucketId, buffered.get());
                    close(true);
                }
            });
            return;
        }
        live.add(event);
        schedule();
    }

    void permissionsMayHaveChanged() {
        access.invalidate();
    }

    void heartbeat() {
        context.runOnContext(v -> {
            if (!closed && !response.writeQueueFull()) {
                response.write(": heartbeat\n\n");
            }
        });
    }

    /** The stream ends; its client reconnects and resumes from its last event id. */
    void closeToResume() {
        context.runOnContext(v -> close(false));
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        scheduled.set(false);
        while (!closed && !busy) {
            if (response.writeQueueFull()) {
                response.drainHandler(v -> schedule());
                return;
            }
            FeedEvent next;
            if (replay != null) {
                if (replay.needsRefill()) {
                    busy = true;
                    replay.refill().subscribe().with(ignored -> resume(), this::fail);
                    return;
                }
                next = replay.poll();
                if (next == null) {
                    replay = null;
                    continue;
                }
                replayed.merge(next.list(), next.timestamp(), Math::max);
            } else {
                next = live.poll();
                if (next == null) {
                    return;
                }
                buffered.decrementAndGet();
                if ((since != null && next.timestamp() <= since.of(next.list()))
                        || next.timestamp() <= replayed.getOrDefault(next.list(), Long.MIN_VALUE)) {
                    continue;
                }
            }
            // Unreadable events move the position too: a resume need not read them again.
            position.advance(next.list(), next.timestamp());
            Boolean readable = access.known(next);
            if (readable == null) {
                busy = true;
                FeedEvent event = next;
                access.check(event).subscribe().with(allowed -> {
                    context.runOnContext(v -> {
                        if (allowed && !closed) {
                            write(event);
                        }
                        resume();
                    });
                }, this::fail);
                return;
            }
            if (readable) {
                write(next);
            }
        }
    }

    private void resume() {
        busy = false;
        schedule();
    }

    /** Nothing else is drained meanwhile (also while a permission check waits): the position is that of this event. */
    private void write(FeedEvent event) {
        String id = collectionUri != null ? String.valueOf(event.timestamp()) : position.id();
        response.write(Buffer.buffer("id: " + id + "\ndata: " + event.data() + "\n\n"));
    }

    private void fail(Throwable failure) {
        LOG.warnf("Change feed: closing a stream of %s after a failure: %s", bucketId, failure.toString());
        context.runOnContext(v -> close(true));
    }

    /** {@code abort}: close the connection itself (a slow or failed stream) rather than end the response cleanly. */
    private void close(boolean abort) {
        if (closed) {
            return;
        }
        closed = true;
        feed.unregister(this);
        live.clear();
        try {
            if (abort) {
                response.close();
            } else if (!response.ended()) {
                response.end();
            }
        } catch (IllegalStateException alreadyClosed) {
            // The client went away first.
        }
    }
}
