package dev.kintoj.quotas;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;
import java.util.function.Function;

/**
 * The limits of Kinto's {@code quotas.*} settings, looked up as Kinto does: for a bucket
 * {@code quotas.bucket_<bid>_<name>}, else {@code quotas.bucket_<name>}; for a collection
 * {@code quotas.collection_<bid>_<cid>_<name>}, else {@code quotas.collection_<bid>_<name>}, else
 * {@code quotas.collection_<name>}. For objects outside any collection (buckets, groups) Kinto's collection lookup
 * runs with the collection id {@code None}, so the per-bucket and global collection settings still apply to them.
 */
public final class QuotaLimits {

    public static final String MAX_BYTES = "max_bytes";
    public static final String MAX_ITEMS = "max_items";
    public static final String MAX_BYTES_PER_ITEM = "max_bytes_per_item";

    /** Unprefixed Kinto setting name -> raw value. */
    private final Function<String, Optional<String>> settings;

    public QuotaLimits(Function<String, Optional<String>> settings) {
        this.settings = settings;
    }

    /**
     * The limits of these settings, after checking that every {@code quotas.*} setting the configuration lists (the
     * ini file's) is an integer: a typo stops the service at startup rather than failing requests.
     */
    public static QuotaLimits checked(Function<String, Optional<String>> settings) {
        for (String property : ConfigProvider.getConfig().getPropertyNames()) {
            if (property.startsWith("kinto.quotas.")) {
                String key = property.substring("kinto.".length());
                settings.apply(key).ifPresent(value -> parse(key, value));
            }
        }
        return new QuotaLimits(settings);
    }

    public Optional<Long> bucket(String bucketId, String name) {
        return first("quotas.bucket_" + bucketId + "_" + name, "quotas.bucket_" + name);
    }

    public Optional<Long> collection(String bucketId, String collectionId, String name) {
        String collection = collectionId == null ? "None" : collectionId;
        return first("quotas.collection_" + bucketId + "_" + collection + "_" + name,
                "quotas.collection_" + bucketId + "_" + name, "quotas.collection_" + name);
    }

    /** The collection's limit, unless it is unset or 0 (Python's {@code or}), else the bucket's. */
    public Optional<Long> bytesPerItem(String bucketId, String collectionId) {
        Optional<Long> collection = collection(bucketId, collectionId, MAX_BYTES_PER_ITEM).filter(limit -> limit != 0);
        return collection.isPresent() ? collection : bucket(bucketId, MAX_BYTES_PER_ITEM);
    }

    private Optional<Long> first(String... keys) {
        for (String key : keys) {
            Optional<String> value = settings.apply(key);
            if (value.isPresent()) {
                return Optional.of(parse(key, value.get()));
            }
        }
        return Optional.empty();
    }

    /** A limit setting's value: an integer, else the configuration is refused. */
    public static long parse(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be an integer, not '" + value + "'");
        }
    }
}
