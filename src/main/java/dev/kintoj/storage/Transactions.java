package dev.kintoj.storage;

import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/**
 * Runs the storage and permission work of one request as a unit: it sees no concurrent write in between its own
 * reads and writes (so an If-Match check cannot lose an update) and, on backends that support it, is rolled back
 * when it fails.
 */
public interface Transactions {
    <T> Uni<T> inTransaction(Supplier<Uni<T>> work);
}
