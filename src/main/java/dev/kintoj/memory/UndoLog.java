package dev.kintoj.memory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The journal that lets the in-memory backends roll a unit of work back like a transaction: each write records how
 * to undo itself while a unit is open on the current thread, and a failed unit (or savepoint) undoes its writes in
 * reverse order. Memory units run synchronously on the thread that opened them (MemoryTransactions holds its monitor
 * meanwhile), hence a thread-local journal; writes outside a unit record nothing.
 */
public final class UndoLog {

    private static final ThreadLocal<Deque<Runnable>> OPEN = new ThreadLocal<>();

    private UndoLog() {
    }

    /** Records how to undo a write that is about to happen; nothing when no unit is open on this thread. */
    public static void record(Runnable undo) {
        Deque<Runnable> journal = OPEN.get();
        if (journal != null) {
            journal.push(undo);
        }
    }

    /** Opens a unit on this thread; the journal is closed by {@link #close}. */
    public static Deque<Runnable> open() {
        Deque<Runnable> journal = new ArrayDeque<>();
        OPEN.set(journal);
        return journal;
    }

    public static void close() {
        OPEN.remove();
    }

    /** How many writes the open unit has recorded (a savepoint's mark); 0 without a unit. */
    public static int mark() {
        Deque<Runnable> journal = OPEN.get();
        return journal == null ? 0 : journal.size();
    }

    /** Undoes the open unit's writes recorded after {@code mark}. */
    public static void rollbackTo(int mark) {
        Deque<Runnable> journal = OPEN.get();
        if (journal != null) {
            rollback(journal, mark);
        }
    }

    /** Undoes the journal's writes after {@code mark}, newest first. */
    public static void rollback(Deque<Runnable> journal, int mark) {
        while (journal.size() > mark) {
            journal.pop().run();
        }
    }
}
