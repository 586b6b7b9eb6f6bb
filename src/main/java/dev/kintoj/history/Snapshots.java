package dev.kintoj.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Identity;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ValidationEntry;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/buckets/{bid}/snapshot/collections/{cid}@{timestamp}} (plugins.md §3.2): a collection's records
 * as they were at a past instant, rebuilt from the current records and the history entries.
 */
public final class Snapshots {

    /** The endpoint's path after {@code /v1}. */
    public static final Pattern PATH = Pattern.compile("^/buckets/([^/]+)/snapshot/collections/([^/@]+)@([^/]*)$");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Comparator<ObjectNode> NEWEST_FIRST =
            Comparator.comparingLong((ObjectNode r) -> r.get("last_modified").longValue()).reversed();

    private final Storage storage;
    private final PermissionBackend permissions;

    public Snapshots(Storage storage, PermissionBackend permissions) {
        this.storage = storage;
        this.permissions = permissions;
    }

    /** The body {@code {"data": [...]}} of a snapshot request; {@code apiPath} must match {@link #PATH}. */
    public Uni<ObjectNode> snapshot(String apiPath, Identity identity) {
        Matcher path = PATH.matcher(apiPath);
        if (!path.matches()) {
            throw KintoError.unknownUrl();
        }
        String bucketId = path.group(1);
        String collectionId = path.group(2);
        long timestamp = timestamp(path.group(3));
        String bucketUri = "/buckets/" + bucketId;
        String collectionUri = bucketUri + "/collections/" + collectionId;
        // Only the ACLs of the bucket and the collection count, not the settings (reference behaviour).
        List<Map.Entry<String, String>> grants = List.of(Map.entry(bucketUri, "read"), Map.entry(bucketUri, "write"),
                Map.entry(collectionUri, "read"), Map.entry(collectionUri, "write"));
        return permissions.getAuthorizedPrincipals(grants).chain(holders -> {
            if (identity.principals().stream().noneMatch(holders::contains)) {
                throw identity.isAnonymous() ? KintoError.unauthorized() : KintoError.forbidden();
            }
            return storage.listAll("record", collectionUri, ListQuery.ALL, true);
        }).chain(records -> {
            List<ObjectNode> result = new ArrayList<>();
            ArrayNode changed = JSON.arrayNode();
            for (ObjectNode record : records) {
                if (record.get("last_modified").longValue() > timestamp) {
                    changed.add(record.get("id").asText());
                } else if (!record.path("deleted").asBoolean(false)) {
                    result.add(record);
                }
            }
            if (changed.isEmpty()) {
                return Uni.createFrom().item(body(result));
            }
            List<Filter> filters = List.of(new Filter("resource_name", JSON.textNode("record"), Operator.EQ),
                    new Filter("collection_id", JSON.textNode(collectionId), Operator.EQ),
                    new Filter("record_id", changed, Operator.IN),
                    new Filter("target.data.last_modified", LongNode.valueOf(timestamp), Operator.MAX));
            ListQuery query = new ListQuery(filters, List.of(new Sort("last_modified", false)), List.of(), null);
            return storage.listAll(History.RESOURCE, bucketUri, query, false).map(entries -> {
                Map<String, ObjectNode> latest = new LinkedHashMap<>();
                for (ObjectNode entry : entries) {
                    latest.putIfAbsent(entry.get("record_id").asText(), (ObjectNode) entry.get("target").get("data"));
                }
                // Records created after the instant have no earlier version; those deleted by then are gone.
                latest.values().stream().filter(version -> !version.path("deleted").asBoolean(false)).forEach(result::add);
                return body(result);
            });
        });
    }

    private static long timestamp(String raw) {
        try {
            long value = Long.parseLong(raw);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw KintoError.invalid(new ValidationEntry("path", "timestamp", "Invalid timestamp '" + raw + "'"));
    }

    private static ObjectNode body(List<ObjectNode> records) {
        records.sort(NEWEST_FIRST);
        ObjectNode body = JSON.objectNode();
        ArrayNode data = body.putArray("data");
        records.forEach(data::add);
        return body;
    }
}
