package dev.kintoj.storage;

import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/**
 * Runs the storage and permission work of one request as a unit: it sees no concurrent write in between its own
 * reads and writes (so an If-Match check cannot lose an update) and, on backends that support it, is rolled back
 * when it fails. A unit, once started, runs to its end: cancelling the Uni of {@link #inTransaction} does not stop it
 * (a request whose client left is finished, as Kinto finishes it), so that no part of it is committed alone.
 */
public interface Transactions {
    <T> Uni<T> inTransaction(Supplier<Uni<T>> work);

    /**
     * Runs part of an open unit so that, when it fails, its own changes are undone and the unit goes on (a batch
     * subrequest, batch.md §4). Backends without rollback just run it.
     */
    default <T> Uni<T> inSavepoint(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(work::get);
    }

    /**
     * Runs read-only work outside any unit so that the reads it starts together cost one exchange with the backend
     * (PostgreSQL: its statements pipelined on one connection). Backends without round trips just run it.
     */
    default <T> Uni<T> readTogether(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(work::get);
    }

    /** Whether reading ahead with {@link #readTogether} saves anything (false for in-memory backends). */
    default boolean readsCostRoundTrips() {
        return false;
    }
}
