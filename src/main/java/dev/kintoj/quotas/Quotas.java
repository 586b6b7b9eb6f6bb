package dev.kintoj.quotas;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.config.Plugins;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;

/**
 * Kinto's quotas plugin ({@code kinto.plugins.quotas}): the usage of each bucket and collection is kept in
 * {@code quota} objects, stored where Kinto stores them ({@code bucket_info} under {@code /buckets/<bid>},
 * {@code collection_info} under {@code /buckets/<bid>/collections/<cid>}), so that the cascades that delete a
 * bucket or a collection take them along.
 */
public final class Quotas {

    public static final String PLUGIN = Plugins.QUOTAS;
    public static final String RESOURCE = "quota";
    public static final String BUCKET_INFO = "bucket_info";
    public static final String COLLECTION_INFO = "collection_info";

    private Quotas() {
    }

    public static ObjectNode capability() {
        return JsonNodeFactory.instance.objectNode()
                .put("description", "Quotas Management on buckets and collections.")
                .put("url", "https://kinto.readthedocs.io");
    }

    static String bucketUri(String bucketId) {
        return "/buckets/" + bucketId;
    }

    static String collectionUri(String bucketId, String collectionId) {
        return bucketUri(bucketId) + "/collections/" + collectionId;
    }

    /** What a bucket or a collection holds; {@code collectionCount} is null for a collection. */
    static final class Usage {
        Long collectionCount;
        long recordCount;
        long storageSize;

        static Usage empty(boolean bucket) {
            Usage usage = new Usage();
            usage.collectionCount = bucket ? 0L : null;
            return usage;
        }

        static Usage of(ObjectNode stored, boolean bucket) {
            Usage usage = empty(bucket);
            if (bucket) {
                usage.collectionCount = stored.path("collection_count").asLong();
            }
            usage.recordCount = stored.path("record_count").asLong();
            usage.storageSize = stored.path("storage_size").asLong();
            return usage;
        }

        ObjectNode object(String id) {
            ObjectNode object = JsonNodeFactory.instance.objectNode().put("id", id);
            if (collectionCount != null) {
                object.put("collection_count", collectionCount);
            }
            return object.put("record_count", recordCount).put("storage_size", storageSize);
        }
    }

    /**
     * The stored usage, zero when there is none. Read with {@link Storage#get}, which in a unit of work takes the
     * list's lock until the commit: concurrent writers of one bucket update its usage one after the other.
     */
    static Uni<Usage> read(Storage storage, String parentUri, String id) {
        boolean bucket = id.equals(BUCKET_INFO);
        return storage.get(RESOURCE, parentUri, id)
                .map(found -> found.map(object -> Usage.of(object, bucket)).orElseGet(() -> Usage.empty(bucket)));
    }

    static Uni<Void> write(Storage storage, String parentUri, String id, Usage usage) {
        return storage.update(RESOURCE, parentUri, id, usage.object(id)).replaceWithVoid();
    }
}
