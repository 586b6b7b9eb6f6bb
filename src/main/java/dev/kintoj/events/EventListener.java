package dev.kintoj.events;

import dev.kintoj.core.ResourcePath;
import io.smallrye.mutiny.Uni;

/**
 * A subscriber to the engine's events (events.md §1). {@link #resourceChanged} runs inside the request's unit of
 * work, before the commit, and its failure fails the request; {@link #afterCommit} runs once the unit is committed
 * and its failures are only logged.
 */
public interface EventListener {

    /** Whether this listener receives events of this action ({@code create}, {@code update}, {@code delete}, {@code read}) and resource. */
    default boolean accepts(String action, String resourceName) {
        return !action.equals("read");
    }

    default Uni<Void> resourceChanged(ResourceEvent event) {
        return Uni.createFrom().voidItem();
    }

    default void afterCommit(ResourceEvent event) {
    }

    /**
     * Inside the unit, before a cascade removes everything below {@code container} (a bucket or collection being
     * deleted, api.md §11). The removed objects get no events of their own: a listener that accounts for them (the
     * quotas plugin) reads them now. Called when the listener accepts the container's deletion.
     */
    default Uni<Void> beforeCascade(ResourcePath container) {
        return Uni.createFrom().voidItem();
    }
}
