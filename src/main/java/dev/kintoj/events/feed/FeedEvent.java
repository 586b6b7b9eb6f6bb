package dev.kintoj.events.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Json;
import dev.kintoj.events.ResourceEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One event of the change feed: one object a committed change touched (an {@code impacted_objects} entry of
 * events.md §2, with the payload's fields), addressed by the object's URI and timestamp. {@code data} is its JSON,
 * serialised once and shared by every subscriber and every transport.
 *
 * @param parentUri  the storage parent, e.g. {@code /buckets/b1/collections/c1}
 * @param objectUri  e.g. {@code /buckets/b1/collections/c1/records/r1}
 * @param timestamp  the object's {@code last_modified} (the tombstone's for a deletion): the SSE event id
 */
public record FeedEvent(String bucketId, String resourceName, String parentUri, String objectUri, long timestamp,
                        String data) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The kinds below a bucket the feed carries (plugin kinds such as history entries are derived data). */
    static final Set<String> KINDS = Set.of("collection", "group", "record");

    /** The list the object belongs to, as {@link FeedPosition} names it. */
    String list() {
        return FeedPosition.listOf(resourceName, parentUri);
    }

    /** The feed events of an engine event: one per impacted object, none for reads or kinds outside buckets. */
    public static List<FeedEvent> of(ResourceEvent event) {
        return of(event.payload(), event.objects().stream().map(o -> new JsonNode[]{o.newObject(), o.oldObject()}).toList());
    }

    /** {@code objects}: pairs (new, old) as in events.md §2; old may be null. */
    static List<FeedEvent> of(JsonNode payload, List<JsonNode[]> objects) {
        String resource = payload.path("resource_name").asText();
        String action = payload.path("action").asText();
        String bucketId = payload.path("bucket_id").textValue();
        if (!KINDS.contains(resource) || action.equals("read") || bucketId == null) {
            return List.of();
        }
        String parent = "/buckets/" + bucketId
                + (resource.equals("record") ? "/collections/" + payload.path("collection_id").asText() : "");
        String segment = resource.equals("record") ? "records" : resource + "s";
        List<FeedEvent> events = new ArrayList<>(objects.size());
        for (JsonNode[] pair : objects) {
            JsonNode after = pair[0];
            if (after == null || !after.path("id").isTextual()) {
                continue;
            }
            String id = after.get("id").textValue();
            long timestamp = after.path("last_modified").asLong(payload.path("timestamp").asLong());
            ObjectNode data = JSON.objectNode();
            data.put("action", action);
            data.put("uri", parent + "/" + segment + "/" + id);
            data.put("timestamp", timestamp);
            data.put("resource_name", resource);
            data.set("user_id", payload.path("user_id").isMissingNode() ? JSON.nullNode() : payload.get("user_id"));
            data.put("bucket_id", bucketId);
            if (resource.equals("record")) {
                data.put("collection_id", payload.path("collection_id").asText());
            }
            data.put(resource + "_id", id);
            data.set("new", after);
            if (pair.length > 1 && pair[1] != null) {
                data.set("old", pair[1]);
            }
            events.add(new FeedEvent(bucketId, resource, parent, parent + "/" + segment + "/" + id, timestamp, Json.write(data)));
        }
        return events;
    }

    /** A row read back from storage (a replay): {@code update} for a live object, {@code delete} for a tombstone. */
    static FeedEvent replayed(String bucketId, String resource, String parentUri, ObjectNode row) {
        String id = row.get("id").textValue();
        String segment = resource.equals("record") ? "records" : resource + "s";
        long timestamp = row.get("last_modified").longValue();
        ObjectNode data = JSON.objectNode();
        data.put("action", row.path("deleted").asBoolean(false) ? "delete" : "update");
        data.put("uri", parentUri + "/" + segment + "/" + id);
        data.put("timestamp", timestamp);
        data.put("resource_name", resource);
        data.put("bucket_id", bucketId);
        if (resource.equals("record")) {
            data.put("collection_id", parentUri.substring(parentUri.lastIndexOf('/') + 1));
        }
        data.put(resource + "_id", id);
        data.set("new", row);
        data.put("replayed", true);
        return new FeedEvent(bucketId, resource, parentUri, parentUri + "/" + segment + "/" + id, timestamp, Json.write(data));
    }

    /** Parses the {@link #data} of an event received from another instance; null if it is not one. */
    static FeedEvent fromData(JsonNode data) {
        String resource = data.path("resource_name").asText();
        String uri = data.path("uri").asText();
        String bucketId = data.path("bucket_id").textValue();
        int slash = uri.lastIndexOf('/');
        int segment = slash > 0 ? uri.lastIndexOf('/', slash - 1) : -1;
        if (!KINDS.contains(resource) || bucketId == null || segment <= 0 || !data.path("timestamp").canConvertToLong()) {
            return null;
        }
        return new FeedEvent(bucketId, resource, uri.substring(0, segment), uri, data.get("timestamp").longValue(),
                Json.write(data));
    }
}
