package dev.kintoj.postgresql;

import dev.kintoj.storage.BackendException;
import dev.kintoj.storage.IntegrityException;
import dev.kintoj.storage.InvalidValueException;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.mutiny.pgclient.PgBuilder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One PostgreSQL database and its connection pool. Statements run on the connection of the request's open
 * transaction when there is one (the storage and permission backends of a request share it), else on the pool.
 *
 * <p>The open transaction is kept in the Vert.x duplicated context of the request, which the reactive PG client
 * resumes on, so that the backends' SPIs need no connection parameter. Work inside a unit must therefore stay on
 * that context: a step moved to another executor (emitOn, delayIt) would run its statements outside the unit.
 */
public final class Database implements AutoCloseable {

    private final Vertx vertx;
    private final Pool pool;
    private final String name;
    /** Bound of each exchange with the server (none when null): past it, the request answers 503. */
    private final java.time.Duration bound;
    /** Key of this database's open transaction in the request context. */
    private final Object transactionKey = new Object();
    /** Key of the connection a request's read batch ({@link #pipelined}) sends its statements on. */
    private final Object batchKey = new Object();
    /** Key of the request's count of statements awaiting their answer (see {@link #roundTrips()}). */
    private final Object inFlightKey = new Object();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong transactionRoundTrips = new AtomicLong();

    /** The connection of an open transaction and the lists it has locked. */
    public static final class Unit {
        final SqlConnection connection;
        final Set<String> lockedLists = new HashSet<>();
        /** Whether BEGIN was sent (with the first statement of the work): a unit that sends none costs nothing. */
        boolean begun;
        /** A statement failed and no savepoint was rolled back to since: the transaction cannot commit. */
        boolean aborted;
        /** List locks taken but not sent yet: they go out with the next statement ({@link #lockList}). */
        final List<Tuple> pendingLocks = new ArrayList<>();
        /** Statements nobody waits for (NOTIFY), sent with the COMMIT in its round trip. */
        final List<Tuple2<String, Tuple>> withCommit = new ArrayList<>();
        /** A savepoint whose work succeeded and that is not released yet: the next savepoint releases it. */
        boolean savepointToRelease;
        /** Inside {@link #inSavepoint}: whether its SAVEPOINT was sent (by the first statement of the work). */
        boolean inSavepoint;
        boolean savepointSent;

        Unit(SqlConnection connection) {
            this.connection = connection;
        }

        /**
         * What must go out just before the next statement, in its round trip and in this order: BEGIN before the
         * unit's first statement, the list locks taken since the last statement, the savepoint before the first
         * statement of a savepoint's work. The locks precede the savepoint, so that rolling back to it never
         * releases a lock the unit counts as held (one taken inside it is only held longer than needed).
         */
        List<Uni<?>> opening() {
            List<Uni<?>> opening = new ArrayList<>();
            if (!begun) {
                begun = true;
                opening.add(statement(this, "BEGIN"));
            }
            pendingLocks.forEach(list -> opening.add(connection.preparedQuery(LOCK_LIST).execute(list)));
            pendingLocks.clear();
            if (inSavepoint && !savepointSent) {
                savepointSent = true;
                opening.add(statement(this, savepointToRelease
                        ? "RELEASE SAVEPOINT kinto_unit; SAVEPOINT kinto_unit" : "SAVEPOINT kinto_unit"));
                savepointToRelease = false;
            }
            return opening;
        }
    }

    /**
     * @param timeoutSeconds          how long a request waits for a pooled connection ({@code <backend>_pool_timeout})
     * @param statementTimeoutSeconds the bound of every exchange with the server ({@code
     *                                <backend>_statement_timeout_seconds}): connecting, and each statement (the server
     *                                cancels a slower one; a connection silent for longer, as in a network partition,
     *                                is closed), so that an outage is answered 503 within seconds
     */
    public Database(Vertx vertx, PgConnectOptions options, int poolSize, int timeoutSeconds, int statementTimeoutSeconds,
                    String name) {
        this.vertx = vertx;
        this.name = name;
        // Server-side statement_timeout plus a margin for the round trip: the server's own cancellation (57014, a
        // clean 503) comes first; silence beyond it is a dead link (a partition), answered 503 by the client side.
        this.bound = statementTimeoutSeconds > 0 ? java.time.Duration.ofSeconds(statementTimeoutSeconds + 2L) : null;
        options.setCachePreparedStatements(true).setPipeliningLimit(256);
        if (options.getPort() == 0) {
            options.setPort(5432);
        }
        if (statementTimeoutSeconds > 0) {
            options.setConnectTimeout(statementTimeoutSeconds * 1000)
                    .addProperty("statement_timeout", String.valueOf(statementTimeoutSeconds * 1000));
        }
        PoolOptions poolOptions = new PoolOptions().setMaxSize(poolSize).setName(name)
                .setConnectionTimeout(timeoutSeconds).setShared(false);
        if (statementTimeoutSeconds > 0) {
            // Idle connections are renewed: one left over from a partition does not linger.
            poolOptions.setIdleTimeout(statementTimeoutSeconds).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
                    .setPoolCleanerPeriod(500);
        }
        this.pool = PgBuilder.pool().with(poolOptions).connectingTo(options).using(vertx).build();
    }

    public String name() {
        return name;
    }

    /**
     * A statement with positional parameters ($1, $2…) on the current transaction, else on the current read batch's
     * connection, else on the pool. Where it goes is decided when the statement is subscribed to.
     */
    public Uni<RowSet<Row>> query(String sql, Tuple parameters) {
        return Uni.createFrom().deferred(() -> {
            Unit unit = currentUnit();
            if (unit == null) {
                Context context = requestContext();
                SqlConnection batch = context == null ? null : context.getLocal(batchKey);
                return counted(bounded(batch != null ? batch.preparedQuery(sql).execute(parameters)
                        : pool.preparedQuery(sql).execute(parameters)), false).onFailure().transform(Database::translate);
            }
            // BEGIN, locks and the savepoint go out just before the statement, in the same round trip (the
            // connection pipelines them), answered in order: when one of them fails, the statement queued behind
            // it fails too (the transaction is aborted) and the first failure is the one reported. BEGIN fails
            // only with the link, and then so does everything queued behind it.
            List<Uni<?>> exchange = unit.opening();
            Uni<RowSet<Row>> statement = counted(bounded(unit.connection.preparedQuery(sql).execute(parameters)), true);
            if (!exchange.isEmpty()) {
                exchange.add(statement);
                statement = Uni.combine().all().unis(exchange).with(items -> (RowSet<Row>) items.get(items.size() - 1));
            }
            // A failure is noted before the work sees it (the work may recover from it): the server has aborted the
            // transaction, which must not be reported as committed unless a savepoint is rolled back to.
            return statement.onFailure().invoke(failure -> unit.aborted = true).onFailure().transform(Database::translate);
        });
    }

    /**
     * Runs read-only work whose statements, sent together, go out on one connection without waiting for each
     * other's answers (the client pipelines them): one round trip for what would otherwise be several. Inside a
     * transaction, or another batch, the work just runs (its statements go where they would anyway).
     */
    public <T> Uni<T> pipelined(Supplier<Uni<T>> work) {
        Context context = requestContext();
        if (context == null || currentUnit() != null || context.getLocal(batchKey) != null) {
            return Uni.createFrom().deferred(work::get);
        }
        return bounded(pool.getConnection()).onFailure().transform(Database::translate).chain(connection -> {
            context.putLocal(batchKey, connection);
            return Uni.createFrom().<T>deferred(work::get)
                    .onTermination().invoke(() -> context.removeLocal(batchKey))
                    .onTermination().call(() -> connection.close().onFailure().recoverWithNull());
        });
    }

    /**
     * Statements sent to the server ({@link #query} only: not transaction control), and round trips: a statement
     * sent while another of the same request awaits its answer shares that one's round trip; the end of a unit (its
     * COMMIT, with the statements kept for it, or its ROLLBACK) is one more. Counted for the tests that check how many
     * round trips a request costs.
     */
    public long statements() {
        return statements.get();
    }

    /** See {@link #statements()}. */
    public long roundTrips() {
        return roundTrips.get();
    }

    /**
     * The round trips of {@link #roundTrips()} made inside a transaction, its end included: while a write's list
     * lock is held (BEGIN and the lock go out with a statement, in its round trip).
     */
    public long transactionRoundTrips() {
        return transactionRoundTrips.get();
    }

    private Uni<RowSet<Row>> counted(Uni<RowSet<Row>> exchange, boolean inUnit) {
        statements.incrementAndGet();
        Context context = requestContext();
        if (context == null) {
            roundTrips.incrementAndGet();
            return exchange;
        }
        int[] inFlight = context.getLocal(inFlightKey);
        if (inFlight == null) {
            inFlight = new int[1];
            context.putLocal(inFlightKey, inFlight);
        }
        if (inFlight[0]++ == 0) {
            roundTrips.incrementAndGet();
            if (inUnit) {
                transactionRoundTrips.incrementAndGet();
            }
        }
        int[] awaiting = inFlight;
        return exchange.onTermination().invoke(() -> awaiting[0]--);
    }

    /** The request's Vert.x duplicated context, or null outside a request. */
    private static Context requestContext() {
        Context context = io.vertx.core.Vertx.currentContext();
        return context != null && VertxContext.isDuplicatedContext(context) ? context : null;
    }

    /**
     * A statement whose answer the work does not need (a NOTIFY). Inside a transaction it is sent with the COMMIT,
     * in the same round trip, and its failure fails the commit (the server then rolls back); in a savepoint's work,
     * or outside a transaction, it runs at once.
     */
    public Uni<Void> withCommit(String sql, Tuple parameters) {
        Unit unit = currentUnit();
        if (unit == null || unit.inSavepoint) {
            return query(sql, parameters).replaceWithVoid();
        }
        return Uni.createFrom().item(() -> unit.withCommit.add(Tuple2.of(sql, parameters))).replaceWithVoid();
    }

    /** A statement outside any transaction (cache writes are never rolled back with the request). */
    public Uni<RowSet<Row>> autocommit(String sql, Tuple parameters) {
        return bounded(pool.preparedQuery(sql).execute(parameters)).onFailure().transform(Database::translate);
    }

    /** The exchange, failing with a backend failure when the server does not answer within the bound. */
    private <T> Uni<T> bounded(Uni<T> exchange) {
        if (bound == null) {
            return exchange;
        }
        return exchange.ifNoItem().after(bound).failWith(() -> new BackendException(
                "PostgreSQL did not answer within " + bound.toSeconds() + " s", null));
    }

    /** Several statements without parameters, in one round trip (schema scripts). */
    public Uni<Void> script(String sql) {
        return pool.query(sql).execute().onFailure().transform(Database::translate).replaceWithVoid();
    }

    /** The transaction open in the current request for this database, or null. */
    public Unit currentUnit() {
        Context context = requestContext();
        return context == null ? null : context.getLocal(transactionKey);
    }

    /**
     * Runs the work in a transaction, committed when it succeeds and rolled back when it fails. Work started inside
     * an open transaction joins it (the outermost unit commits). Cancelling the returned Uni (Quarkus REST does when
     * the client closes its connection) does not stop the work: it is subscribed to here, and runs to its commit or
     * rollback, never to a part of it.
     */
    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        if (currentUnit() != null) {
            return Uni.createFrom().deferred(work::get);
        }
        Context current = io.vertx.core.Vertx.currentContext();
        Context context = current != null && VertxContext.isDuplicatedContext(current)
                ? current
                : VertxContext.createNewDuplicatedContext(current != null ? current : vertx.getDelegate().getOrCreateContext());
        return Uni.createFrom().<T>emitter(emitter -> context.runOnContext(ignored ->
                        bounded(pool.getConnection()).onFailure().transform(Database::translate)
                                .chain(connection -> run(context, connection, work))
                                .subscribe().with(emitter::complete, emitter::fail)));
    }

    private <T> Uni<T> run(Context context, SqlConnection connection, Supplier<Uni<T>> work) {
        Unit unit = new Unit(connection);
        context.putLocal(transactionKey, unit);
        return Uni.createFrom().<T>deferred(work::get)
                .onItemOrFailure().call((item, failure) -> {
                    context.removeLocal(transactionKey);
                    return bounded(finish(unit, failure == null));
                })
                .onTermination().call((item, failure, cancelled) -> {
                    // Nothing cancels this Uni (inTransaction subscribes to it and a cancellation of its caller
                    // stops there); were it cancelled, it would skip the end above, and the connection must not go
                    // back to the pool inside its transaction, whose writes the next user's COMMIT would commit.
                    Uni<Void> end = cancelled && unit.begun
                            ? statement(unit, "ROLLBACK").onFailure().recoverWithNull()
                            : Uni.createFrom().voidItem();
                    return end.chain(() -> connection.close().onFailure().recoverWithNull());
                });
    }

    /**
     * Runs the work inside the open transaction under a savepoint: when it fails, its statements are rolled back
     * (the transaction stays usable, even after a failed statement) and so are the list locks it took, which the
     * unit forgets again so that a later read takes them anew. Without an open transaction the work just runs, and
     * so does work nested in another savepoint (its failure undoes the enclosing one).
     *
     * <p>The SAVEPOINT is sent with the work's first statement, and a successful savepoint is released together
     * with the next one (the commit releases the last): a batch subrequest costs no round trip of its own, and one
     * that sends no statement (a read answered from memory, a request refused before any write) none at all.
     */
    public <T> Uni<T> inSavepoint(Supplier<Uni<T>> work) {
        Unit unit = currentUnit();
        if (unit == null || unit.inSavepoint) {
            return Uni.createFrom().deferred(work::get);
        }
        return Uni.createFrom().deferred(() -> {
            Set<String> lockedBefore = new HashSet<>(unit.lockedLists);
            boolean abortedBefore = unit.aborted;
            unit.inSavepoint = true;
            unit.savepointSent = false;
            return Uni.createFrom().<T>deferred(work::get).onItemOrFailure().call((item, failure) -> {
                boolean sent = unit.savepointSent;
                unit.inSavepoint = false;
                unit.savepointSent = false;
                if (!sent) {
                    return Uni.createFrom().voidItem();
                }
                if (failure == null) {
                    unit.savepointToRelease = true;
                    return Uni.createFrom().voidItem();
                }
                unit.lockedLists.retainAll(lockedBefore);
                return statement(unit, "ROLLBACK TO SAVEPOINT kinto_unit; RELEASE SAVEPOINT kinto_unit")
                        .invoke(() -> unit.aborted = abortedBefore);
            });
        });
    }

    private static Uni<Void> statement(Unit unit, String sql) {
        return unit.connection.query(sql).execute().onFailure().transform(Database::translate).replaceWithVoid();
    }

    /**
     * Ends the unit: COMMIT, sent in one round trip with the statements kept for it, or ROLLBACK; nothing when the
     * unit sent no statement. BEGIN and COMMIT are plain statements rather than the client's Transaction, which
     * holds a COMMIT back until every statement before it has answered.
     */
    private Uni<Void> finish(Unit unit, boolean commit) {
        if (!unit.begun && (!commit || unit.withCommit.isEmpty())) {
            return Uni.createFrom().voidItem();
        }
        // Every statement of the work has answered: the end is a round trip of its own.
        roundTrips.incrementAndGet();
        transactionRoundTrips.incrementAndGet();
        if (!commit || unit.aborted) {
            // The work's own failure is the one to report, not that of a rollback on a dead link.
            Uni<Void> rollback = statement(unit, "ROLLBACK").onFailure().recoverWithNull();
            return commit ? rollback.chain(() -> Uni.createFrom().failure(new BackendException(
                    "PostgreSQL rolled the transaction back after a failed statement", null))) : rollback;
        }
        unit.pendingLocks.clear(); // no statement follows them: they would guard nothing
        List<Uni<?>> exchange = unit.opening();
        unit.withCommit.forEach(kept -> exchange.add(unit.connection.preparedQuery(kept.getItem1())
                .execute(kept.getItem2()).onFailure().transform(Database::translate)));
        exchange.add(statement(unit, "COMMIT"));
        // Should the exchange fail midway (a dropped link, the bound), the connection must not go back to the pool
        // inside a transaction: ROLLBACK is harmless when there is none.
        return Uni.combine().all().unis(exchange).discardItems()
                .onFailure().call(() -> statement(unit, "ROLLBACK").onFailure().recoverWithNull());
    }

    private static final String LOCK_LIST = "SELECT kinto_lock_list($1, $2)";

    /**
     * Takes the list's write lock for the rest of the transaction, once per list (no-op outside transactions). It is
     * sent with the unit's next statement, which is what it guards: the server answers that statement only once the
     * lock is held, and a writer needs no round trip of its own to take it.
     */
    public Uni<Void> lockList(String parentId, String resource) {
        Unit unit = currentUnit();
        if (unit == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> unit.lockedLists.add(parentId + '\u001f' + resource)
                && unit.pendingLocks.add(Tuple.of(parentId, resource))).replaceWithVoid();
    }

    public Uni<Boolean> healthy() {
        return pool.query("SELECT 1").execute().map(rows -> true).onFailure().recoverWithItem(false);
    }

    @Override
    public void close() {
        pool.closeAndAwait();
    }

    /** Client and server failures as the SPIs report them (storage.md §2.6, errors.md). */
    static Throwable translate(Throwable failure) {
        if (failure instanceof PgException pg) {
            String state = pg.getSqlState() == null ? "" : pg.getSqlState();
            if (state.equals("23505") || state.equals("40001") || state.equals("40P01")) {
                return new IntegrityException(pg.getErrorMessage());
            }
            if (state.startsWith("22")) {
                return new InvalidValueException(pg.getErrorMessage());
            }
            if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
                return new BackendException("PostgreSQL unavailable: " + pg.getErrorMessage(), pg);
            }
            return failure;
        }
        if (failure instanceof BackendException) {
            return failure;
        }
        return new BackendException("PostgreSQL unavailable: " + failure.getMessage(), failure);
    }
}
