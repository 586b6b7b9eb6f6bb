package dev.kintoj.plugins;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.storage.ResourceCounts;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;

import java.util.List;

/** The counters plugin's body (plugins.md §5): objects and tombstones per resource over the whole server. */
public final class ObjectCounters {

    /** The resources Kinto reports, in its order; other resource names stored by plugins are not shown. */
    static final List<String> RESOURCES = List.of("account", "bucket", "group", "collection", "record", "history",
            "attachments");

    private final Storage storage;

    public ObjectCounters(Storage storage) {
        this.storage = storage;
    }

    /** {@code {"objects": {...}, "tombstones": {...}}}, zero counts omitted. */
    public Uni<ObjectNode> counts() {
        return storage.countPerResource().map(counts -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ObjectNode objects = body.putObject("objects");
            ObjectNode tombstones = body.putObject("tombstones");
            for (String resource : RESOURCES) {
                ResourceCounts count = counts.get(resource);
                if (count == null) {
                    continue;
                }
                if (count.objects() > 0) {
                    objects.put(resource, count.objects());
                }
                if (count.tombstones() > 0) {
                    tombstones.put(resource, count.tombstones());
                }
            }
            return body;
        });
    }
}
