package dev.kintoj.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One event of events.md §2: the payload (timestamp, action, uri, user_id, resource_name and the ids of the path)
 * and the objects it concerns: {@code impacted_objects} of a change, {@code read_objects} of a read. Events of one
 * request with the same (resource, parent, action) are merged into the first one (§4).
 */
public final class ResourceEvent {

    /** An object a change affected: {@code oldObject} null on creation; for a read, {@code newObject} is the one read. */
    public record Impacted(ObjectNode oldObject, ObjectNode newObject) {
    }

    private final ObjectNode payload;
    private final String parentId;
    private final List<Impacted> objects;

    public ResourceEvent(ObjectNode payload, String parentId, List<Impacted> objects) {
        this.payload = payload;
        this.parentId = parentId;
        this.objects = new ArrayList<>(objects);
    }

    public ObjectNode payload() {
        return payload;
    }

    public String action() {
        return payload.get("action").textValue();
    }

    public String resourceName() {
        return payload.get("resource_name").textValue();
    }

    /** The storage parent id of the objects, e.g. {@code /buckets/b1/collections/c1}. */
    public String parentId() {
        return parentId;
    }

    public List<Impacted> objects() {
        return objects;
    }

    String key() {
        return resourceName() + '\u001f' + parentId + '\u001f' + action();
    }

    ResourceEvent copy() {
        return new ResourceEvent(payload, parentId, objects);
    }

    void merge(ResourceEvent later) {
        objects.addAll(later.objects);
    }
}
