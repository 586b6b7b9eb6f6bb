package dev.kintoj.events.feed;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.function.Consumer;

/**
 * How committed changes reach the subscribers of every instance: in process (memory backends), PostgreSQL
 * LISTEN/NOTIFY, or Redis pub/sub. Every instance, the writer included, receives the events through it.
 */
interface FeedTransport extends AutoCloseable {

    /** Whether {@link #publish} runs inside the writer's transaction (its events then go out only on commit). */
    boolean transactional();

    /** Sends the events of one change; inside the transaction when {@link #transactional}, else after the commit. */
    Uni<Void> publish(List<FeedEvent> events);

    /**
     * Starts receiving: {@code receiver} gets the events in the order the transport delivers them, {@code lost} is
     * told when events may have been missed (a reconnection): subscriptions are then closed so that they resume.
     */
    void start(Consumer<List<FeedEvent>> receiver, Runnable lost);

    /** For /v1/ and the logs: {@code memory}, {@code postgresql} or {@code redis}. */
    String name();

    @Override
    default void close() {
    }
}
