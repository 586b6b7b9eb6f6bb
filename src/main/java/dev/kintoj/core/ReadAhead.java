package dev.kintoj.core;

import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Transactions;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The reads of a request made ahead, all at once (a GET's or HEAD's, and those that decide whether a write is
 * allowed), so that they cost one exchange with the backends instead of one per step of the engine (README, On
 * PostgreSQL): on PostgreSQL they go out pipelined on one connection. Each step then takes its read from here (once), or from the memos the reads filled (ACLs, parents),
 * and reads itself when it finds nothing: the engine's decisions and their order are the same with or without
 * reading ahead, and a read that failed ahead is simply made again by its step, which reports the failure in turn.
 *
 * <p>Only outside a unit of work (a batch's subrequests read under the locks of their transaction), and only where
 * round trips cost something (not on the in-memory backends).
 */
public final class ReadAhead {

    // A live object, as Storage.getStored reads it, is kept under its Storage.Key, a list's timestamp, as
    // Storage.resourceTimestamp reads it, under its Storage.ListKey. These keys write equals and hashCode out, as
    // Storage.Key does.

    /** A page, as {@code Storage.listStored} reads it. */
    record PageRead(String resource, String parentId, ListQuery query, boolean includeDeleted) {

        @Override
        public boolean equals(Object other) {
            return other instanceof PageRead read && includeDeleted == read.includeDeleted
                    && Objects.equals(resource, read.resource) && Objects.equals(parentId, read.parentId)
                    && Objects.equals(query, read.query);
        }

        @Override
        public int hashCode() {
            return ((Objects.hashCode(resource) * 31 + Objects.hashCode(parentId)) * 31 + Objects.hashCode(query)) * 31
                    + Boolean.hashCode(includeDeleted);
        }
    }

    /** A count, as {@code Storage.countAll} reads it. */
    record CountRead(String resource, String parentId, List<Filter> filters) {

        @Override
        public boolean equals(Object other) {
            return other instanceof CountRead read && Objects.equals(resource, read.resource)
                    && Objects.equals(parentId, read.parentId) && Objects.equals(filters, read.filters);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(resource) * 31 + Objects.hashCode(parentId)) * 31 + Objects.hashCode(filters);
        }
    }

    private final Transactions transactions;
    private final RequestMemo memo;
    private final Object name = new Object();

    public ReadAhead(Transactions transactions, RequestMemo memo) {
        this.transactions = transactions;
        this.memo = memo;
    }

    /** Whether reading ahead saves anything here and now. */
    boolean worthIt() {
        return transactions.readsCostRoundTrips() && !memo.insideUnit() && memo.of(name) != null;
    }

    /** {@code first} and the reads, started together; their failures are left to the steps that read again. */
    <T> Uni<T> together(Uni<T> first, Supplier<List<Uni<Void>>> reads) {
        return transactions.readTogether(() -> {
            List<Uni<Void>> ahead = reads.get();
            if (ahead.isEmpty()) {
                return first;
            }
            Uni<Void> all = Uni.join().all(ahead).andCollectFailures().replaceWithVoid().onFailure().recoverWithNull();
            // Waiting for both: the connection they share goes back to the pool once all its answers are in.
            return Uni.combine().all().unis(first, all).collectFailures().asTuple().map(Tuple2::getItem1);
        });
    }

    /** Keeps what the read finds (a null item: nothing) for the step that asks for {@code key}. */
    Uni<Void> keep(Object key, Uni<?> read) {
        Map<Object, Object> kept = memo.of(name);
        return read.invoke(found -> {
            if (found != null) {
                kept.put(key, found);
            }
        }).replaceWithVoid();
    }

    /** What was read ahead for {@code key} (once), or else the read itself. */
    @SuppressWarnings("unchecked")
    <T> Uni<T> take(Object key, Supplier<Uni<T>> read) {
        Map<Object, Object> kept = memo.of(name);
        Object found = kept == null ? null : kept.remove(key);
        return found != null ? Uni.createFrom().item((T) found) : read.get();
    }
}
