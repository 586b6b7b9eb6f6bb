package dev.kintoj.metrics;

import dev.kintoj.core.ResourcePath;
import dev.kintoj.events.EventListener;
import dev.kintoj.events.ResourceEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

import java.util.concurrent.TimeUnit;

/**
 * An event listener whose work inside the request's unit of work ({@link #resourceChanged}) is timed, as Kinto times
 * its history plugin ({@code plugins_history_seconds}) and the listeners of {@code event_listeners}
 * ({@code listeners_<name>_seconds}): Kinto times their call for {@code ResourceChanged}, the event sent before the
 * commit, which is our {@link #resourceChanged}.
 */
final class MeasuredListener implements EventListener {

    private final EventListener listener;
    private final String series;
    private final MeterRegistry registry;
    // Registered at first use for the reason BackendTimers gives.
    private volatile Timer timer;

    MeasuredListener(EventListener listener, String series, MeterRegistry registry) {
        this.listener = listener;
        this.series = series;
        this.registry = registry;
    }

    private Timer timer() {
        Timer t = timer;
        if (t == null) {
            t = Timer.builder(KintoMeters.BASE + series).register(registry);
            timer = t;
        }
        return t;
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
                    timer().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
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
