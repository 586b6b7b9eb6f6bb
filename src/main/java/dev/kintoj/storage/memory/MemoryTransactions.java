package dev.kintoj.storage.memory;

import dev.kintoj.storage.Transactions;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/**
 * Serialises the units of work of the in-memory backends. Memory backends answer synchronously, so the whole unit
 * (reads, checks, writes) runs inside the monitor on the calling thread: an If-Match check and the write it guards
 * cannot interleave with another request's write. There is no rollback: the engine validates before it writes.
 */
public class MemoryTransactions implements Transactions {

    private final Object lock = new Object();

    @Override
    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (lock) {
                Uni<T> unit;
                try {
                    unit = work.get();
                } catch (RuntimeException e) {
                    emitter.fail(e);
                    return;
                }
                unit.subscribe().with(emitter::complete, emitter::fail);
            }
        });
    }
}
