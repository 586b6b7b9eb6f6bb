package dev.kintoj.events;

import dev.kintoj.config.DynamicSettings;
import dev.kintoj.config.WhitespaceList;
import io.vertx.mutiny.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The listeners named by {@code event_listeners} (events.md §5), each configured by
 * {@code event_listeners.<name>.use}, {@code .actions}, {@code .resources} and its own settings. An unknown
 * implementation stops startup rather than silently dropping events.
 */
public final class ConfiguredListeners {

    private static final List<String> DEFAULT_ACTIONS = List.of("create", "update", "delete");
    private static final Set<String> ACTIONS = Set.of("create", "update", "delete", "read");

    private ConfiguredListeners() {
    }

    /** {@code measure} wraps each listener with its name (the metrics plugins time them). */
    public static List<EventListener> from(DynamicSettings settings, Vertx vertx,
                                           BiFunction<String, EventListener, EventListener> measure) {
        List<EventListener> listeners = new ArrayList<>();
        for (String name : WhitespaceList.split(settings.get("event_listeners").orElse(""))) {
            String prefix = "event_listeners." + name + ".";
            String use = settings.get(prefix + "use").orElseThrow(() ->
                    new IllegalArgumentException("Setting " + prefix + "use is required for the listener " + name));
            List<String> actions = settings.get(prefix + "actions").map(WhitespaceList::split).orElse(DEFAULT_ACTIONS);
            for (String action : actions) {
                if (!ACTIONS.contains(action)) {
                    throw new IllegalArgumentException("Setting " + prefix + "actions: unknown action " + action
                            + " (one of create, update, delete, read)");
                }
            }
            Set<String> resources = Set.copyOf(settings.get(prefix + "resources").map(WhitespaceList::split).orElse(List.of()));
            EventListener listener = switch (use) {
                case RedisListener.USE -> new RedisListener(vertx,
                        settings.get(prefix + "url").orElse("redis://localhost:6379/0"),
                        settings.integer(prefix + "pool_size").orElse(5),
                        settings.get(prefix + "listname").orElse(settings.get(prefix + "channel").isPresent()
                                ? null : "kinto.core.events"),
                        settings.get(prefix + "channel").orElse(null));
                default -> throw new IllegalArgumentException("Setting " + prefix + "use: unknown listener " + use
                        + " (this version provides " + RedisListener.USE + ")");
            };
            listeners.add(new FilteredListener(name, measure.apply(name, listener), Set.copyOf(actions), resources));
        }
        return listeners;
    }
}
