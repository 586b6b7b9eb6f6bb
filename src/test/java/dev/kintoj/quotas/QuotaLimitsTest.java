package dev.kintoj.quotas;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The precedence of Kinto's quota settings: the most specific one wins. */
class QuotaLimitsTest {

    private static QuotaLimits limits(Map<String, String> settings) {
        return new QuotaLimits(key -> Optional.ofNullable(settings.get(key)));
    }

    @Test
    void bucketSettingsFallBackToTheGlobalOne() {
        QuotaLimits limits = limits(Map.of("quotas.bucket_max_bytes", "100", "quotas.bucket_b1_max_bytes", "10"));
        assertEquals(Optional.of(10L), limits.bucket("b1", QuotaLimits.MAX_BYTES));
        assertEquals(Optional.of(100L), limits.bucket("b2", QuotaLimits.MAX_BYTES));
        assertEquals(Optional.empty(), limits.bucket("b1", QuotaLimits.MAX_ITEMS));
    }

    @Test
    void collectionSettingsFallBackToTheBucketsThenTheGlobalOne() {
        QuotaLimits limits = limits(Map.of("quotas.collection_max_items", "100",
                "quotas.collection_b1_max_items", "10", "quotas.collection_b1_c1_max_items", "1"));
        assertEquals(Optional.of(1L), limits.collection("b1", "c1", QuotaLimits.MAX_ITEMS));
        assertEquals(Optional.of(10L), limits.collection("b1", "c2", QuotaLimits.MAX_ITEMS));
        assertEquals(Optional.of(100L), limits.collection("b2", "c1", QuotaLimits.MAX_ITEMS));
        // Outside collections (buckets, groups) Kinto looks the collection settings up with the id None.
        assertEquals(Optional.of(10L), limits.collection("b1", null, QuotaLimits.MAX_ITEMS));
    }

    @Test
    void bytesPerItemPrefersTheCollectionsUnlessItIsZero() {
        assertEquals(Optional.of(80L), limits(Map.of("quotas.collection_max_bytes_per_item", "80",
                "quotas.bucket_max_bytes_per_item", "55")).bytesPerItem("b", "c"));
        assertEquals(Optional.of(55L), limits(Map.of("quotas.collection_max_bytes_per_item", "0",
                "quotas.bucket_max_bytes_per_item", "55")).bytesPerItem("b", "c"));
        assertEquals(Optional.of(55L), limits(Map.of("quotas.bucket_b_max_bytes_per_item", "55")).bytesPerItem("b", null));
        assertEquals(Optional.empty(), limits(Map.of()).bytesPerItem("b", "c"));
    }

    @Test
    void aLimitIsAnInteger() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> limits(Map.of("quotas.bucket_max_items", "ten")).bucket("b", QuotaLimits.MAX_ITEMS));
        assertEquals("Setting quotas.bucket_max_items must be an integer, not 'ten'", e.getMessage());
    }
}
