package dev.kintoj.postgresql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.permission.postgresql.PostgresPermissionBackend;
import dev.kintoj.storage.postgresql.PostgresStorage;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unit of work on PostgreSQL (storage.md §2.7): storage and permission writes commit or roll back together. */
class PostgresTransactionsTest {

    private static final String PARENT = "/buckets/tx/collections/c";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Database database = TestDatabase.get();
    private final PostgresStorage storage = new PostgresStorage(database, 10_000);
    private final PostgresPermissionBackend permissions = new PostgresPermissionBackend(database);
    private final PostgresTransactions transactions = new PostgresTransactions(database);

    @BeforeEach
    void empty() {
        storage.flush().await().indefinitely();
        permissions.flush().await().indefinitely();
    }

    private static ObjectNode record(String id, int n) {
        return MAPPER.createObjectNode().put("id", id).put("n", n);
    }

    private Uni<Void> createWithAcl(String id) {
        return storage.create("record", PARENT, record(id, 0))
                .chain(() -> permissions.replaceObjectPermissions(PARENT + "/records/" + id, Map.of("write", Set.of("alice"))));
    }

    @Test
    void aFailureMidwayLeavesNothingBehind() {
        RuntimeException failure = assertThrows(IllegalStateException.class, () -> transactions.inTransaction(
                () -> createWithAcl("r1").map(x -> {
                    throw new IllegalStateException("midway");
                })).await().atMost(Duration.ofSeconds(10)));

        assertEquals("midway", failure.getMessage());
        assertEquals(Optional.empty(), storage.get("record", PARENT, "r1").await().indefinitely());
        assertEquals(Map.of(), permissions.getObjectPermissions(PARENT + "/records/r1").await().indefinitely());
    }

    @Test
    void aSuccessfulUnitCommitsStorageAndPermissionsTogether() {
        transactions.inTransaction(() -> createWithAcl("r1")).await().atMost(Duration.ofSeconds(10));

        assertTrue(storage.get("record", PARENT, "r1").await().indefinitely().isPresent());
        assertEquals(Map.of("write", Set.of("alice")),
                permissions.getObjectPermissions(PARENT + "/records/r1").await().indefinitely());
    }

    @Test
    void nestedUnitsJoinTheOuterTransaction() {
        assertThrows(IllegalStateException.class, () -> transactions.inTransaction(
                () -> transactions.inTransaction(() -> createWithAcl("inner"))
                        .chain(() -> storage.create("record", PARENT, record("outer", 0)))
                        .map(x -> {
                            throw new IllegalStateException("outer fails");
                        })).await().atMost(Duration.ofSeconds(10)));

        assertEquals(Optional.empty(), storage.get("record", PARENT, "inner").await().indefinitely());
        assertEquals(Optional.empty(), storage.get("record", PARENT, "outer").await().indefinitely());
    }

    /** Read, check, then write: the read takes the list lock, so a concurrent unit waits and sees the write. */
    @Test
    void readCheckWriteUnitsOnOneListDoNotLoseUpdates() throws Exception {
        storage.create("record", PARENT, record("counter", 0)).await().indefinitely();

        CompletableFuture<Void> slow = increment(Duration.ofMillis(400)).subscribeAsCompletionStage();
        Thread.sleep(100);
        CompletableFuture<Void> fast = increment(Duration.ZERO).subscribeAsCompletionStage();
        CompletableFuture.allOf(slow, fast).get(20, TimeUnit.SECONDS);

        assertEquals(2, storage.get("record", PARENT, "counter").await().indefinitely().orElseThrow().get("n").intValue());
    }

    /**
     * BEGIN and COMMIT are plain statements: after a failed statement the server has aborted the transaction and
     * answers COMMIT with a rollback, not an error. Work that recovers from the failure must not be told it committed.
     */
    @Test
    void aUnitThatRecoveredFromAFailedStatementIsRolledBackAndFails() {
        assertThrows(dev.kintoj.storage.BackendException.class, () -> transactions.inTransaction(
                () -> createWithAcl("r1").chain(() -> database.query("SELECT 1 / 0", io.vertx.mutiny.sqlclient.Tuple.tuple())
                        .onFailure().recoverWithNull())).await().atMost(Duration.ofSeconds(10)));

        assertEquals(Optional.empty(), storage.get("record", PARENT, "r1").await().indefinitely());
    }

    /** A failure inside a savepoint is undone by rolling back to it: the unit commits what came before and after. */
    @Test
    void aFailedSavepointLeavesTheUnitCommittable() {
        transactions.inTransaction(() -> createWithAcl("r1")
                .chain(() -> transactions.inSavepoint(() -> database.query("SELECT 1 / 0", io.vertx.mutiny.sqlclient.Tuple.tuple()))
                        .onFailure().recoverWithNull())
                .chain(() -> storage.create("record", PARENT, record("r2", 0)))).await().atMost(Duration.ofSeconds(10));

        assertTrue(storage.get("record", PARENT, "r1").await().indefinitely().isPresent());
        assertTrue(storage.get("record", PARENT, "r2").await().indefinitely().isPresent());
    }

    /** A peek does not take the list lock: a unit holding a peeked list open does not hold up a writer of that list. */
    @Test
    void peekedListsStayOpenToOtherWriters() throws Exception {
        storage.create("record", PARENT, record("parent", 0)).await().indefinitely();
        CompletableFuture<Void> reader = transactions.inTransaction(() -> storage.peek("record", PARENT, "parent")
                .chain(found -> pauseOnContext(Duration.ofMillis(1500)))).subscribeAsCompletionStage();
        Thread.sleep(100);
        long start = System.nanoTime();
        transactions.inTransaction(() -> storage.get("record", PARENT, "parent")
                        .chain(found -> storage.update("record", PARENT, "parent", record("parent", 1))))
                .await().atMost(Duration.ofSeconds(10));
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(reader.isDone(), "the reading unit is still open");
        assertTrue(waitedMillis < 1000, "the writer waited " + waitedMillis + " ms for a unit that only peeked");
        reader.get(10, TimeUnit.SECONDS);
    }

    /** A pause that resumes on the unit's Vert.x context, as the statements of a unit must run there. */
    private static Uni<Void> pauseOnContext(Duration pause) {
        if (pause.isZero()) {
            return Uni.createFrom().voidItem();
        }
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        return Uni.createFrom().emitter(emitter -> context.owner().setTimer(pause.toMillis(), id -> emitter.complete(null)));
    }

    private Uni<Void> increment(Duration pause) {
        return transactions.inTransaction(() -> storage.get("record", PARENT, "counter")
                .chain(found -> pauseOnContext(pause).replaceWith(found))
                .chain(found -> {
                    int n = found.orElseThrow().get("n").intValue();
                    return storage.update("record", PARENT, "counter", record("counter", n + 1));
                })
                .replaceWithVoid());
    }
}
