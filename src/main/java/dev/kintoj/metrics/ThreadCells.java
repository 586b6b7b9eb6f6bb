package dev.kintoj.metrics;

import io.netty.util.concurrent.FastThreadLocal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Numbers that the threads serving requests add to and that a scrape reads, kept per thread: a thread adds to cells
 * of its own with plain stores, so a record costs no atomic instruction and touches no cache line that the other
 * event loop writes; a reading sums every thread's cells. The JDK's striped adders, used before, paid a
 * compare-and-swap per update, 20 of them per record GET (README, Metrics).
 *
 * <p>Each number is a slot, handed out once when its series is made. The cells of a thread that has ended are folded
 * into one total at the next reading, so a worker pool whose threads come and go leaves no trail of cells.
 */
final class ThreadCells {

    // Opaque accesses: a reading sees each long whole (plain ones may be split in two halves) and in the order the
    // owner wrote it, without ordering anything else; on x86 and ARM they are plain loads and stores.
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int INITIAL = 64;

    private final FastThreadLocal<Cells> local = new FastThreadLocal<>() {
        @Override
        protected Cells initialValue() {
            return register(Thread.currentThread());
        }
    };
    // Guarded by this: the cells of every thread that has recorded and not yet been seen ended, the ended threads'
    // totals, and the number of slots handed out.
    private final List<Cells> threads = new ArrayList<>();
    private long[] ended = new long[0];
    private int slots;

    /** {@code count} new consecutive slots, all zero; the first one's index. */
    synchronized int allocate(int count) {
        int first = slots;
        slots += count;
        return first;
    }

    /** The calling thread's cells, to add to. */
    Cells cells() {
        return local.get();
    }

    private synchronized Cells register(Thread owner) {
        Cells cells = new Cells(owner, Math.max(INITIAL, slots));
        threads.add(cells);
        return cells;
    }

    /** Every slot's total over all threads, indexed by slot. */
    synchronized long[] totals() {
        ended = Arrays.copyOf(ended, slots);
        long[] totals = ended.clone();
        for (Iterator<Cells> each = threads.iterator(); each.hasNext(); ) {
            Cells cells = each.next();
            // Seeing the thread ended makes all its writes visible (JLS 17.4.4): its cells are read one last time.
            boolean over = !cells.owner.isAlive();
            long[] values = cells.values;
            for (int slot = 0; slot < Math.min(values.length, totals.length); slot++) {
                long value = (long) CELL.getOpaque(values, slot);
                totals[slot] += value;
                if (over) {
                    ended[slot] += value;
                }
            }
            if (over) {
                each.remove();
            }
        }
        return totals;
    }

    /** One thread's cells: only that thread writes them. */
    static final class Cells {
        private final Thread owner;
        // Replaced, by the owner only, when a slot made after the array is added to.
        private volatile long[] values;

        private Cells(Thread owner, int size) {
            this.owner = owner;
            this.values = new long[size];
        }

        void add(int slot, long amount) {
            long[] current = values;
            if (slot >= current.length) {
                current = Arrays.copyOf(current, Math.max(slot + 1, current.length * 2));
                values = current;
            }
            CELL.setOpaque(current, slot, (long) CELL.getOpaque(current, slot) + amount);
        }
    }
}
