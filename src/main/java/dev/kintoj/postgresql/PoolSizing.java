package dev.kintoj.postgresql;

import java.util.Optional;

/**
 * How many connections a PostgreSQL pool opens at most, from Kinto's settings and the event-loop count.
 *
 * <p>Kinto's settings describe a blocking pool (SQLAlchemy's): {@code <backend>_pool_size} connections kept, and
 * {@code <backend>_max_overflow} more opened under load (10 unless set). A reactive pool opens connections as
 * requests need them and closes idle ones, so both together are its maximum. It is never below the number of event
 * loops: a request holds its connection from its first statement to its commit, and with fewer connections than
 * loops, loops would wait for a connection while PostgreSQL has cores to spare. More connections than that only
 * help while requests wait on the server (locks, commits, I/O): they do not make its CPU go further.
 */
public final class PoolSizing {

    /** SQLAlchemy's default {@code max_overflow}, which Kinto inherits (settings.md). */
    public static final int DEFAULT_MAX_OVERFLOW = 10;
    public static final int DEFAULT_POOL_SIZE = 25;

    private PoolSizing() {
    }

    /** The pool's maximum size for these settings on {@code eventLoops} event loops. */
    public static int maxSize(int poolSize, int maxOverflow, int eventLoops) {
        return Math.max(Math.max(1, eventLoops), Math.max(1, poolSize) + Math.max(0, maxOverflow));
    }

    /** The event loops of the Vert.x instance: Quarkus' setting when positive, else its default (two per core). */
    public static int eventLoops(Optional<Integer> configured) {
        return configured.filter(n -> n > 0).orElse(2 * Runtime.getRuntime().availableProcessors());
    }
}
