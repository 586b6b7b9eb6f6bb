package dev.kintoj.metrics;

import dev.kintoj.core.ResourceKind;
import dev.kintoj.core.ResourceKinds;
import dev.kintoj.core.ResourcePath;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code endpoint} label of a request and its matchdict labels (plugins.md §7.1): the name of the route the path
 * matches, never the path itself, so that the number of series does not depend on the ids clients use.
 */
final class RouteLabels {

    static final String UNKNOWN = "unknown";
    private static final String PREFIX = "/v1";

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

    RouteLabels(ResourceKinds kinds, List<String> matchdictFields) {
        this.kinds = kinds;
        this.matchdictFields = List.copyOf(matchdictFields);
    }

    List<String> matchdictFields() {
        return matchdictFields;
    }

    /** A route: its name and, per configured matchdict field, the id in the path (empty when the path has none). */
    record Route(String endpoint, String[] matchdict) {
    }

    Route route(String path) {
        String[] values = new String[matchdictFields.size()];
        java.util.Arrays.fill(values, "");
        if (!path.startsWith(PREFIX + "/")) {
            return new Route(path.equals(PREFIX) ? "hello" : UNKNOWN, values);
        }
        String apiPath = path.substring(PREFIX.length());
        String utility = UTILITIES.get(apiPath);
        if (utility != null) {
            return new Route(utility, values);
        }
        Optional<ResourcePath> parsed = kinds.parse(apiPath);
        if (parsed.isEmpty()) {
            return new Route(apiPath.contains("/snapshot/collections/") ? "snapshot" : UNKNOWN, values);
        }
        ResourcePath resource = parsed.get();
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
        return new Route(kind.name() + (resource.isPlural() ? "-plural" : "-object"), values);
    }

    private void fill(String[] values, String kindName, String id) {
        int index = matchdictFields.indexOf(kindName + "_id");
        if (index >= 0 && id != null) {
            values[index] = id;
        }
    }
}
