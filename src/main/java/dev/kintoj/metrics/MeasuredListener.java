package dev.kintoj.metrics;

import dev.kintoj.core.ResourcePath;
import dev.kintoj.events.EventListener;
import dev.kintoj.events.ResourceEvent;
import io.smallrye.mutiny.Uni;

/**
 * An event listener whose work inside the request's unit of work ({@link #resourceChanged}) is timed, as Kinto times
 * its history plugin ({@code plugins_history_seconds}) and the listeners of {@code event_listeners}
 * ({@code listeners_<name>_seconds}): Kinto times their call for {@code ResourceChanged}, the event sent before the
 * commit, which is our {@link #resourceChanged}.
 */
final class MeasuredListener implements EventListener {

    private final EventListener listener;
    private final Recorder timer;

    MeasuredListener(EventListener listener, Recorder timer) {
        this.listener = listener;
        this.timer = timer;
    }

    @Override
    public boolean accepts(String action, String resourceName) {
        return listener.accepts(action, resourceName);
    }

    @Override
    public Uni<Void> resourceChanged(ResourceEvent event) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return listener.resourceChanged(event).onTermination().invoke((item, failure, cancelled) -> {
                if (!cancelled) {
                    timer.record(System.nanoTime() - start);
                }
            });
        });
    }

    @Override
    public void afterCommit(ResourceEvent event) {
        listener.afterCommit(event);
    }

    @Override
    public Uni<Void> beforeCascade(ResourcePath container) {
        return listener.beforeCascade(container);
    }
}
