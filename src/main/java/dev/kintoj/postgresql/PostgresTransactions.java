package dev.kintoj.postgresql;

import dev.kintoj.storage.Transactions;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/**
 * The request's unit of work as a PostgreSQL transaction on the storage database (storage.md §2.7). Writes to a
 * list are serialised by the list lock that the storage backend takes on its first read or write of that list in
 * the transaction, so an If-Match check and the write it guards cannot interleave with another replica's write.
 */
public final class PostgresTransactions implements Transactions {

    private final Database database;

    public PostgresTransactions(Database database) {
        this.database = database;
    }

    @Override
    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return database.inTransaction(work);
    }

    @Override
    public <T> Uni<T> inSavepoint(Supplier<Uni<T>> work) {
        return database.inSavepoint(work);
    }

    @Override
    public <T> Uni<T> readTogether(Supplier<Uni<T>> work) {
        return database.pipelined(work);
    }

    @Override
    public boolean readsCostRoundTrips() {
        return true;
    }
}
