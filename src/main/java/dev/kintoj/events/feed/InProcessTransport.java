package dev.kintoj.events.feed;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.function.Consumer;

/** One instance (memory backends): events go straight from the writer's commit to the subscribers. */
final class InProcessTransport implements FeedTransport {

    private volatile Consumer<List<FeedEvent>> receiver = events -> {
    };

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public Uni<Void> publish(List<FeedEvent> events) {
        receiver.accept(events);
        return Uni.createFrom().voidItem();
    }

    @Override
    public void start(Consumer<List<FeedEvent>> receiver, Runnable lost) {
        this.receiver = receiver;
    }

    @Override
    public String name() {
        return "memory";
    }
}
