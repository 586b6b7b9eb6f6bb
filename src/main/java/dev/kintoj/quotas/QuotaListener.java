package dev.kintoj.quotas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Errno;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.events.EventListener;
import dev.kintoj.events.Events;
import dev.kintoj.events.ResourceEvent;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the usage of buckets and collections up to date with every change of a bucket, group, collection or
 * record, inside the request's unit of work (a whole batch is one), and refuses with Kinto's 507 a change that
 * takes a bucket or a collection past a limit: the unit is then rolled back, so a refused write changes nothing.
 *
 * <p>The accounting is Kinto's ({@code kinto/plugins/quotas/listener.py}): a bucket counts its own size and that of
 * its groups, collections and records, its collections and its records; a collection its own size and its records.
 * Two deliberate differences: each object counts in its own collection (Kinto books every object of a merged
 * batch event into the first one's collection, and a collection created by POST into none), so that the numbers
 * are always those {@code rebuild-quotas} computes; and a change that does not grow the usage (a deletion, a
 * smaller update) is never refused, even when the usage is above a limit that was lowered meanwhile.
 */
public final class QuotaListener implements EventListener {

    private static final Set<String> TRACKED = Set.of("bucket", "group", "collection", "record");

    private final Storage storage;
    private final QuotaLimits limits;

    public QuotaListener(Storage storage, QuotaLimits limits) {
        this.storage = storage;
        this.limits = limits;
    }

    @Override
    public boolean accepts(String action, String resourceName) {
        return !action.equals(Events.READ) && TRACKED.contains(resourceName);
    }

    /** What one event changes in a bucket or in a collection. */
    private static final class Change {
        long collections;
        long records;
        long bytes;
        /** The collection itself was deleted: its usage went with it (cascade). */
        boolean gone;
    }

    @Override
    public Uni<Void> resourceChanged(ResourceEvent event) {
        String action = event.action();
        String resource = event.resourceName();
        if (action.equals(Events.DELETE) && resource.equals("bucket")) {
            // The cascade removed the bucket's usage with everything else below it.
            return Uni.createFrom().voidItem();
        }
        ObjectNode payload = event.payload();
        Map<String, Change> buckets = new TreeMap<>();
        Map<String, Map<String, Change>> collections = new TreeMap<>();
        for (ResourceEvent.Impacted impacted : event.objects()) {
            ObjectNode target = action.equals(Events.DELETE) ? impacted.oldObject() : impacted.newObject();
            String id = target.get("id").asText();
            String bucketId = resource.equals("bucket") ? id : payload.get("bucket_id").asText();
            String collectionId = switch (resource) {
                case "collection" -> id;
                case "record" -> payload.get("collection_id").asText();
                default -> null;
            };
            long oldSize = JsonSize.of(impacted.oldObject());
            long newSize = JsonSize.of(impacted.newObject());
            if (!action.equals(Events.DELETE)) {
                Long perItem = limits.bytesPerItem(bucketId, collectionId).orElse(null);
                if (perItem != null && newSize > perItem) {
                    // Kinto's message, its stray quotes included.
                    throw insufficientStorage("Maximum bytes per object exceeded \" \"(" + newSize + " > " + perItem + " Bytes.");
                }
            }
            Change bucket = buckets.computeIfAbsent(bucketId, k -> new Change());
            Change collection = collectionId == null ? null
                    : collections.computeIfAbsent(bucketId, k -> new TreeMap<>()).computeIfAbsent(collectionId, k -> new Change());
            switch (action) {
                case Events.CREATE -> {
                    bucket.bytes += newSize;
                    if (collection != null) {
                        collection.bytes += newSize;
                    }
                    if (resource.equals("collection")) {
                        bucket.collections++;
                    } else if (resource.equals("record")) {
                        bucket.records++;
                        collection.records++;
                    }
                }
                case Events.UPDATE -> {
                    bucket.bytes += newSize - oldSize;
                    if (collection != null) {
                        collection.bytes += newSize - oldSize;
                    }
                }
                default -> {
                    // The records of a deleted collection were counted out before its cascade (beforeCascade).
                    bucket.bytes -= oldSize;
                    if (resource.equals("collection")) {
                        bucket.collections--;
                        collection.gone = true;
                    } else if (resource.equals("record")) {
                        bucket.records--;
                        collection.records--;
                        collection.bytes -= oldSize;
                    }
                }
            }
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, Change> bucket : buckets.entrySet()) {
            String bucketId = bucket.getKey();
            chain = chain.chain(() -> updateBucket(bucketId, bucket.getValue()));
            for (Map.Entry<String, Change> collection : collections.getOrDefault(bucketId, Map.of()).entrySet()) {
                if (!collection.getValue().gone) {
                    chain = chain.chain(() -> updateCollection(bucketId, collection.getKey(), collection.getValue()));
                }
            }
        }
        return chain;
    }

    /** A collection is being deleted: its records leave the bucket's usage (Kinto counts them out one by one too). */
    @Override
    public Uni<Void> beforeCascade(ResourcePath container) {
        if (!container.kind().name().equals("collection")) {
            return Uni.createFrom().voidItem();
        }
        String bucketId = container.ancestorIds().get(0);
        Change removed = new Change();
        return Pages.forEach(storage, "record", container.objectUri(), record -> {
            removed.records++;
            removed.bytes += JsonSize.of(record);
            return Uni.createFrom().voidItem();
        }).chain(() -> {
            if (removed.records == 0) {
                return Uni.createFrom().voidItem();
            }
            String bucketUri = Quotas.bucketUri(bucketId);
            return Quotas.read(storage, bucketUri, Quotas.BUCKET_INFO).chain(usage -> {
                usage.recordCount -= removed.records;
                usage.storageSize -= removed.bytes;
                return Quotas.write(storage, bucketUri, Quotas.BUCKET_INFO, usage);
            });
        });
    }

    private Uni<Void> updateBucket(String bucketId, Change change) {
        String uri = Quotas.bucketUri(bucketId);
        return Quotas.read(storage, uri, Quotas.BUCKET_INFO).chain(usage -> {
            usage.collectionCount += change.collections;
            usage.recordCount += change.records;
            usage.storageSize += change.bytes;
            Long maxBytes = limits.bucket(bucketId, QuotaLimits.MAX_BYTES).orElse(null);
            if (maxBytes != null && change.bytes > 0 && usage.storageSize > maxBytes) {
                throw insufficientStorage("Bucket maximum total size exceeded (" + usage.storageSize + " > " + maxBytes
                        + " Bytes). ");
            }
            Long maxItems = limits.bucket(bucketId, QuotaLimits.MAX_ITEMS).orElse(null);
            if (maxItems != null && change.records > 0 && usage.recordCount > maxItems) {
                throw insufficientStorage("Bucket maximum number of objects exceeded (" + usage.recordCount + " > "
                        + maxItems + " objects).");
            }
            return Quotas.write(storage, uri, Quotas.BUCKET_INFO, usage);
        });
    }

    private Uni<Void> updateCollection(String bucketId, String collectionId, Change change) {
        String uri = Quotas.collectionUri(bucketId, collectionId);
        return Quotas.read(storage, uri, Quotas.COLLECTION_INFO).chain(usage -> {
            usage.recordCount += change.records;
            usage.storageSize += change.bytes;
            Long maxBytes = limits.collection(bucketId, collectionId, QuotaLimits.MAX_BYTES).orElse(null);
            if (maxBytes != null && change.bytes > 0 && usage.storageSize > maxBytes) {
                throw insufficientStorage("Collection maximum size exceeded (" + usage.storageSize + " > " + maxBytes
                        + " Bytes).");
            }
            Long maxItems = limits.collection(bucketId, collectionId, QuotaLimits.MAX_ITEMS).orElse(null);
            if (maxItems != null && change.records > 0 && usage.recordCount > maxItems) {
                throw insufficientStorage("Collection maximum number of objects exceeded (" + usage.recordCount + " > "
                        + maxItems + " objects).");
            }
            return Quotas.write(storage, uri, Quotas.COLLECTION_INFO, usage);
        });
    }

    /** Kinto's answer to a write past a limit: 507 with errno 121. */
    static KintoError insufficientStorage(String message) {
        return new KintoError(507, Errno.FORBIDDEN, "Insufficient Storage", message, null);
    }
}
