package dev.kintoj.metrics;

import dev.kintoj.core.ResourceKind;
import dev.kintoj.core.ResourceKinds;
import dev.kintoj.core.ResourcePath;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code endpoint} label of a request and its matchdict labels (plugins.md §7.1): the name of the route the path
 * matches, never the path itself, so that the number of series does not depend on the ids clients use.
 */
final class RouteLabels {

    static final String UNKNOWN = "unknown";
    private static final String PREFIX = "/v1";
    private static final String ID = "_id";

    private static final Map<String, String> UTILITIES = Map.ofEntries(
            Map.entry("/", "hello"),
            Map.entry("/batch", "batch"),
            Map.entry("/__heartbeat__", "heartbeat"),
            Map.entry("/__lbheartbeat__", "lbheartbeat"),
            Map.entry("/__version__", "version"),
            Map.entry("/contribute.json", "contribute"),
            Map.entry("/permissions", "permissions"),
            Map.entry("/__flush__", "flush"),
            Map.entry("/__counters__", "counters"),
            Map.entry("/__metrics__", "metrics"));

    private final ResourceKinds kinds;
    private final List<String> matchdictFields;
    /** The index of each matchdict field named {@code <kind>_id}, by kind name. */
    private final Map<String, Integer> fieldOfKind = new HashMap<>();
    /** Each kind's two route names ({@code record-plural}, {@code record-object}), by kind name: built once. */
    private final Map<String, String[]> endpoints = new ConcurrentHashMap<>();

    RouteLabels(ResourceKinds kinds, List<String> matchdictFields) {
        this.kinds = kinds;
        this.matchdictFields = List.copyOf(matchdictFields);
        for (int i = 0; i < this.matchdictFields.size(); i++) {
            String field = this.matchdictFields.get(i);
            if (field.endsWith(ID)) {
                fieldOfKind.putIfAbsent(field.substring(0, field.length() - ID.length()), i);
            }
        }
    }

    List<String> matchdictFields() {
        return matchdictFields;
    }

    /** A route: its name and, per configured matchdict field, the id in the path (empty when the path has none). */
    record Route(String endpoint, String[] matchdict) {
    }

    /**
     * The route of a request whose path was not parsed on its way (the gate stopped it first, or no resource kind
     * serves it): {@code path} is the raw path, with the version prefix.
     */
    Route route(String path) {
        if (!path.startsWith(PREFIX + "/")) {
            return new Route(path.equals(PREFIX) ? "hello" : UNKNOWN, noIds());
        }
        String apiPath = path.substring(PREFIX.length());
        String utility = UTILITIES.get(apiPath);
        if (utility != null) {
            return new Route(utility, noIds());
        }
        Optional<ResourcePath> parsed = kinds.parse(apiPath);
        if (parsed.isEmpty()) {
            return new Route(apiPath.contains("/snapshot/collections/") ? "snapshot" : UNKNOWN, noIds());
        }
        return route(parsed.get());
    }

    /** The route of a resource path, as the request parsed it. */
    Route route(ResourcePath resource) {
        String[] values = noIds();
        // The ids of the path, outermost first, each named after the kind it identifies (bucket_id, record_id...).
        ResourceKind kind = resource.kind();
        List<String> ids = resource.ancestorIds();
        if (!resource.isPlural()) {
            fill(values, kind.name(), resource.id());
        }
        ResourceKind ancestor = kind.parent();
        for (int i = ids.size() - 1; i >= 0 && ancestor != null; i--, ancestor = ancestor.parent()) {
            fill(values, ancestor.name(), ids.get(i));
        }
        String[] names = endpoints.computeIfAbsent(kind.name(), name -> new String[] {name + "-plural", name + "-object"});
        return new Route(names[resource.isPlural() ? 0 : 1], values);
    }

    private String[] noIds() {
        String[] values = new String[matchdictFields.size()];
        Arrays.fill(values, "");
        return values;
    }

    private void fill(String[] values, String kindName, String id) {
        Integer index = fieldOfKind.get(kindName);
        if (index != null && id != null) {
            values[index] = id;
        }
    }
}
