package dev.kintoj.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The URIs a path answers, asked in any order and after withId, and its equality as a value. */
class ResourcePathTest {

    private static ResourcePath record(String id) {
        return new ResourcePath(CoreKinds.RECORD, List.of("b1", "c1"), id);
    }

    @Test
    void urisOfARecordAndItsAncestors() {
        ResourcePath record = record("r1");
        assertEquals("/buckets/b1/collections/c1/records/r1", record.objectUri());
        assertEquals("/buckets/b1/collections/c1/records", record.listUri());
        assertEquals("/buckets/b1/collections/c1", record.parentId());
        assertEquals(new ResourcePath(CoreKinds.COLLECTION, List.of("b1"), "c1"), record.parentPath());
        assertEquals("/buckets/b1", record.parentPath().parentId());
        ResourcePath bucket = record.parentPath().parentPath();
        assertEquals("", bucket.parentId());
        assertEquals("/buckets", bucket.listUri());
        assertNull(bucket.parentPath());
    }

    @Test
    void withIdKeepsTheListAndChangesTheObject() {
        ResourcePath first = record("r1");
        first.objectUri();
        ResourcePath second = first.withId("r2");
        assertEquals("/buckets/b1/collections/c1/records/r2", second.objectUri());
        assertEquals(first.listUri(), second.listUri());
        assertEquals("/buckets/b1/collections/c1/records/r1", first.objectUri());
        ResourcePath plural = second.plural();
        assertEquals(first.listUri(), plural.listUri());
        assertEquals(record(null), plural);
    }

    @Test
    void equalWhenKindAncestorsAndIdAre() {
        ResourcePath asked = record("r1");
        asked.objectUri();
        assertEquals(record("r1"), asked);
        assertEquals(record("r1").hashCode(), asked.hashCode());
        assertNotEquals(record("r2"), asked);
        assertNotEquals(new ResourcePath(CoreKinds.RECORD, List.of("b1", "c2"), "r1"), asked);
        assertNotEquals(record(null), asked);
    }
}
