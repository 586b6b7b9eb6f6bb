package dev.kintoj.events;

import io.smallrye.mutiny.Uni;

import java.util.Set;

/** A configured listener with its {@code .actions} and {@code .resources} settings (events.md §5). */
record FilteredListener(String name, EventListener delegate, Set<String> actions, Set<String> resources)
        implements EventListener {

    @Override
    public boolean accepts(String action, String resourceName) {
        return actions.contains(action) && (resources.isEmpty() || resources.contains(resourceName));
    }

    @Override
    public Uni<Void> resourceChanged(ResourceEvent event) {
        return delegate.resourceChanged(event);
    }

    @Override
    public void afterCommit(ResourceEvent event) {
        delegate.afterCommit(event);
    }

    @Override
    public String toString() {
        return name;
    }
}
