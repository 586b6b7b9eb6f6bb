package dev.kintoj.storage.memory;

import dev.kintoj.memory.UndoLog;
import dev.kintoj.storage.Transactions;
import io.smallrye.mutiny.Uni;

import java.util.Deque;
import java.util.function.Supplier;

/**
 * Serialises the units of work of the in-memory backends. Memory backends answer synchronously, so the whole unit
 * (reads, checks, writes) runs inside the monitor on the calling thread: an If-Match check and the write it guards
 * cannot interleave with another request's write. A unit that fails is rolled back through the {@link UndoLog}, so
 * that no order of validation can leave a partial write behind.
 */
public class MemoryTransactions implements Transactions {

    private final Object lock = new Object();

    @Override
    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (lock) {
                Deque<Runnable> journal = UndoLog.open();
                Thread owner = Thread.currentThread();
                try {
                    work.get().subscribe().with(emitter::complete, failure -> {
                        // A unit that fails later, on another thread, has outlived the monitor: others may have
                        // written since, so its journal is no longer a safe way back.
                        if (Thread.currentThread() == owner && Thread.holdsLock(lock)) {
                            UndoLog.rollback(journal, 0);
                        }
                        emitter.fail(failure);
                    });
                } catch (RuntimeException e) {
                    UndoLog.rollback(journal, 0);
                    emitter.fail(e);
                } finally {
                    UndoLog.close();
                }
            }
        });
    }

    @Override
    public <T> Uni<T> inSavepoint(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            int mark = UndoLog.mark();
            return Uni.createFrom().<T>deferred(work::get).onFailure().invoke(failure -> UndoLog.rollbackTo(mark));
        });
    }
}
