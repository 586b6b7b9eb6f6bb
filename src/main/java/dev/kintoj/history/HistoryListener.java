package dev.kintoj.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.RandomUuids;
import dev.kintoj.events.EventListener;
import dev.kintoj.events.ResourceEvent;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one history entry per object created, updated or deleted in a bucket (plugins.md §3.1), inside the
 * request's unit of work, and trims the journal when configured to (§3.3).
 */
public final class HistoryListener implements EventListener {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> TRACKED = Set.of("bucket", "group", "collection", "record");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'");

    private final Storage storage;
    private final PermissionBackend permissions;
    private final HistorySettings settings;
    private final boolean explicitPermissions;
    private final Clock clock;

    public HistoryListener(Storage storage, PermissionBackend permissions, HistorySettings settings,
                           boolean explicitPermissions, Clock clock) {
        this.storage = storage;
        this.permissions = permissions;
        this.settings = settings;
        this.explicitPermissions = explicitPermissions;
        this.clock = clock;
    }

    @Override
    public boolean accepts(String action, String resourceName) {
        return !action.equals("read") && TRACKED.contains(resourceName);
    }

    @Override
    public Uni<Void> resourceChanged(ResourceEvent event) {
        ObjectNode payload = event.payload();
        if (!payload.get("user_id").isNull() && settings.excludedUserIds().contains(payload.get("user_id").textValue())) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ResourceEvent.Impacted impacted : event.objects()) {
            // Deleting a bucket removes its whole history (its cascade already did): nothing to record.
            if (event.resourceName().equals("bucket") && event.action().equals("delete")) {
                continue;
            }
            chain = chain.chain(() -> record(event, impacted.newObject()));
        }
        return chain;
    }

    private Uni<Void> record(ResourceEvent event, ObjectNode target) {
        ObjectNode payload = event.payload();
        String resource = event.resourceName();
        String objectId = target.get("id").asText();
        String bucketId = resource.equals("bucket") ? objectId : payload.get("bucket_id").asText();
        String bucketUri = "/buckets/" + bucketId;
        String objectUri = event.parentId() + "/" + segment(resource) + "/" + objectId;
        if (settings.excluded(objectUri)) {
            return Uni.createFrom().voidItem();
        }
        String collectionUri = payload.has("collection_id") ? bucketUri + "/collections/" + payload.get("collection_id").asText() : null;
        Uni<Map<String, Set<String>>> collectionAcl = collectionUri == null || resource.equals("collection")
                ? Uni.createFrom().item(Map.of())
                : permissions.getObjectPermissions(collectionUri);
        Uni<Map<String, Set<String>>> bucketAcl = resource.equals("bucket")
                ? Uni.createFrom().item(Map.of())
                : permissions.getObjectPermissions(bucketUri);
        return Uni.combine().all().unis(bucketAcl, collectionAcl, permissions.getObjectPermissions(objectUri)).asTuple()
                .chain(acls -> {
                    ObjectNode entry = entry(event, resource, bucketId, objectId, objectUri, target, acls.getItem3());
                    Set<String> readers = new LinkedHashSet<>();
                    for (Map<String, Set<String>> acl : List.of(acls.getItem1(), acls.getItem2(), acls.getItem3())) {
                        readers.addAll(acl.getOrDefault("read", Set.of()));
                        readers.addAll(acl.getOrDefault("write", Set.of()));
                    }
                    return storage.create(History.RESOURCE, bucketUri, entry)
                            .chain(created -> explicitPermissions && !readers.isEmpty()
                                    ? permissions.replaceObjectPermissions(bucketUri + "/history/" + created.get("id").asText(),
                                    Map.of("read", readers))
                                    : Uni.createFrom().voidItem())
                            .chain(() -> trim(bucketUri, resource, payload));
                });
    }

    private ObjectNode entry(ResourceEvent event, String resource, String bucketId, String objectId, String objectUri,
                             ObjectNode target, Map<String, Set<String>> acl) {
        ObjectNode payload = event.payload();
        ObjectNode entry = JSON.objectNode();
        entry.put("id", RandomUuids.next().toString());
        entry.put("date", DATE.format(clock.instant().atOffset(ZoneOffset.UTC)));
        entry.put("action", event.action());
        entry.put("uri", objectUri);
        entry.set("user_id", payload.get("user_id"));
        entry.put("resource_name", resource);
        switch (resource) {
            case "bucket" -> entry.put("bucket_id", bucketId);
            case "group" -> entry.put("group_id", objectId);
            case "collection" -> entry.put("collection_id", objectId);
            default -> {
                entry.set("collection_id", payload.get("collection_id"));
                entry.put("record_id", objectId);
            }
        }
        ObjectNode targetNode = entry.putObject("target");
        targetNode.set("data", target);
        ObjectNode targetPermissions = targetNode.putObject("permissions");
        acl.forEach((permission, principals) -> {
            ArrayNode list = targetPermissions.putArray(permission);
            principals.forEach(list::add);
        });
        return entry;
    }

    private static String segment(String resource) {
        return resource.equals("history") ? resource : resource + "s";
    }

    /**
     * Keeps at most {@code auto_trim_max_count} entries per bucket and resource (and user, when the trimming is
     * restricted to some users), once the count exceeds it by the threshold (plugins.md §3.3).
     */
    private Uni<Void> trim(String bucketUri, String resource, ObjectNode payload) {
        int max = settings.autoTrimMaxCount();
        if (max <= 0) {
            return Uni.createFrom().voidItem();
        }
        List<Filter> filters = new ArrayList<>(List.of(new Filter("resource_name", JSON.textNode(resource), Operator.EQ)));
        if (!settings.autoTrimUserIds().isEmpty()) {
            String userId = payload.get("user_id").isNull() ? null : payload.get("user_id").textValue();
            if (userId == null || !settings.autoTrimUserIds().contains(userId)) {
                return Uni.createFrom().voidItem();
            }
            filters.add(new Filter("user_id", JSON.textNode(userId), Operator.EQ));
        }
        return storage.countAll(History.RESOURCE, bucketUri, filters).chain(count -> {
            if (count <= (long) max + settings.autoTrimThreshold()) {
                return Uni.createFrom().voidItem();
            }
            int excess = (int) (count - max);
            ListQuery oldest = new ListQuery(filters, List.of(new Sort("last_modified", true)), List.of(), excess);
            return storage.deleteAll(History.RESOURCE, bucketUri, oldest, false).chain(deleted -> {
                String[] uris = deleted.stream().map(e -> bucketUri + "/history/" + e.get("id").asText()).toArray(String[]::new);
                return uris.length == 0 ? Uni.createFrom().voidItem() : permissions.deleteObjectPermissions(uris);
            });
        });
    }
}
