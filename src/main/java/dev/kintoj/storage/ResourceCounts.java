package dev.kintoj.storage;

/** How many live objects and tombstones one resource name has over the whole store. */
public record ResourceCounts(long objects, long tombstones) {
}
