package dev.kintoj.quotas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.Transactions;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code kinto rebuild-quotas}: counts every bucket and collection again from the stored objects and replaces their
 * usage (Kinto's {@code kinto/plugins/quotas/scripts.py}), or only reports it with {@code --dry-run}.
 *
 * <p>Each bucket is rebuilt in a unit of work that first takes its usage's lock: a concurrent write to that bucket
 * updates the usage after the rebuilt one, never over it. Unlike Kinto's script, groups count in their bucket's
 * size, as they do when the usage is kept up to date (Kinto's listener counts them, its script forgets them).
 */
public final class QuotaRebuild {

    private final Storage storage;
    private final Transactions transactions;
    private final Consumer<String> log;

    /** {@code log}: receives Kinto's info lines, one per collection and one per bucket. */
    public QuotaRebuild(Storage storage, Transactions transactions, Consumer<String> log) {
        this.storage = storage;
        this.transactions = transactions;
        this.log = log;
    }

    public Uni<Void> run(boolean dryRun) {
        List<String> bucketIds = new ArrayList<>();
        return Pages.forEach(storage, "bucket", "", bucket -> {
            bucketIds.add(bucket.get("id").asText());
            return Uni.createFrom().voidItem();
        }).chain(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String bucketId : bucketIds) {
                chain = chain.chain(() -> transactions.inTransaction(() -> bucket(bucketId, dryRun)));
            }
            return chain;
        });
    }

    private Uni<Void> bucket(String bucketId, boolean dryRun) {
        String bucketUri = Quotas.bucketUri(bucketId);
        Quotas.Usage total = Quotas.Usage.empty(true);
        return Quotas.read(storage, bucketUri, Quotas.BUCKET_INFO)
                .chain(() -> storage.peek("bucket", "", bucketId))
                .chain(bucket -> {
                    if (bucket.isEmpty()) {
                        return Uni.createFrom().voidItem(); // deleted meanwhile
                    }
                    total.storageSize += JsonSize.of(bucket.get());
                    return Pages.forEach(storage, "group", bucketUri, group -> {
                        total.storageSize += JsonSize.of(group);
                        return Uni.createFrom().voidItem();
                    }).chain(() -> Pages.forEach(storage, "collection", bucketUri, collection ->
                            collection(bucketId, collection, dryRun).invoke(usage -> {
                                total.collectionCount++;
                                total.recordCount += usage.recordCount;
                                total.storageSize += usage.storageSize;
                            }).replaceWithVoid())).chain(() -> {
                        log.accept("Bucket " + bucketId + ". Final size: " + total.collectionCount + " collections, "
                                + total.recordCount + " records, " + total.storageSize + " bytes.");
                        return dryRun ? Uni.createFrom().voidItem()
                                : Quotas.write(storage, bucketUri, Quotas.BUCKET_INFO, total);
                    });
                });
    }

    private Uni<Quotas.Usage> collection(String bucketId, ObjectNode collection,
                                         boolean dryRun) {
        String collectionId = collection.get("id").asText();
        String uri = Quotas.collectionUri(bucketId, collectionId);
        Quotas.Usage usage = Quotas.Usage.empty(false);
        usage.storageSize = JsonSize.of(collection);
        return Pages.forEach(storage, "record", uri, record -> {
            usage.recordCount++;
            usage.storageSize += JsonSize.of(record);
            return Uni.createFrom().voidItem();
        }).chain(() -> {
            log.accept("Bucket " + bucketId + ", collection " + collectionId + ". Final size: " + usage.recordCount
                    + " records, " + usage.storageSize + " bytes.");
            return dryRun ? Uni.createFrom().voidItem() : Quotas.write(storage, uri, Quotas.COLLECTION_INFO, usage);
        }).map(done -> usage);
    }
}
