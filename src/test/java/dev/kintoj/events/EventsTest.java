package dev.kintoj.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.CoreKinds;
import dev.kintoj.core.Identity;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.storage.memory.MemoryTransactions;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The event collector's rules (events.md §1, §4): when listeners hear what, merging, and what failures drop. */
class EventsTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final ResourcePath RECORDS = new ResourcePath(CoreKinds.RECORD, List.of("b", "c"), null);
    private static final ResourcePath BUCKET = new ResourcePath(CoreKinds.BUCKET, List.of(), "b");
    private static final Identity ALICE = new Identity("basicauth:alice", List.of("basicauth:alice"));

    /** Records "changed:<action> <resource> <n objects>" and "after:…" in the order heard. */
    private static final class Recorder implements EventListener {
        final List<String> heard = new ArrayList<>();
        RuntimeException failure;

        @Override
        public boolean accepts(String action, String resourceName) {
            return true;
        }

        @Override
        public Uni<Void> resourceChanged(ResourceEvent event) {
            if (failure != null) {
                return Uni.createFrom().failure(failure);
            }
            heard.add("changed:" + describe(event));
            return Uni.createFrom().voidItem();
        }

        @Override
        public void afterCommit(ResourceEvent event) {
            heard.add("after:" + describe(event));
        }

        private static String describe(ResourceEvent event) {
            return event.action() + " " + event.resourceName() + " " + event.objects().size();
        }
    }

    private final Recorder recorder = new Recorder();
    private final Events events = new Events(new MemoryTransactions(), List.of(recorder));

    @AfterAll
    static void close() {
        VERTX.close();
    }

    /** Runs the work as a request does: on a duplicated Vert.x context. */
    private static <T> T onRequestContext(Supplier<Uni<T>> work) throws Exception {
        Context context = VertxContext.createNewDuplicatedContext(VERTX.getOrCreateContext());
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> work.get().subscribe().with(result::complete, result::completeExceptionally));
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private void created(ResourcePath path, String id) {
        ObjectNode object = JsonNodeFactory.instance.objectNode().put("id", id).put("last_modified", 1);
        events.emit(Events.CREATE, path, path.isPlural() ? path.parentId() : "", 1, ALICE,
                List.of(new ResourceEvent.Impacted(null, object)));
    }

    @Test
    void eventsOfAUnitAreHeardBeforeAndAfterItsCommitMergedByKey() throws Exception {
        onRequestContext(() -> events.request(() -> events.unit(() -> {
            created(RECORDS, "x");
            created(BUCKET, "b");
            created(RECORDS, "y");
            return Uni.createFrom().voidItem();
        })));
        assertEquals(List.of("changed:create record 2", "changed:create bucket 1", "after:create record 2", "after:create bucket 1"),
                recorder.heard);
    }

    @Test
    void nestedUnitsDeliverOnceAtTheOutermostEnd() throws Exception {
        onRequestContext(() -> events.request(() -> events.unit(() -> events.unit(() -> {
            created(RECORDS, "x");
            return Uni.createFrom().voidItem();
        }).invoke(() -> recorder.heard.add("inner unit done")).chain(() -> events.unit(() -> {
            created(RECORDS, "y");
            return Uni.createFrom().voidItem();
        })))));
        assertEquals(List.of("inner unit done", "changed:create record 2", "after:create record 2"), recorder.heard);
    }

    @Test
    void aFailedUnitIsNotHeard() {
        assertThrows(IllegalStateException.class, () -> onRequestContext(() -> events.request(() -> events.unit(() -> {
            created(RECORDS, "x");
            return Uni.createFrom().failure(new IllegalStateException("boom"));
        }))));
        assertEquals(List.of(), recorder.heard);
    }

    @Test
    void aListenerFailureFailsTheUnitAndNothingIsHeardAfter() {
        recorder.failure = new IllegalArgumentException("listener refuses");
        assertThrows(IllegalArgumentException.class, () -> onRequestContext(() -> events.request(() -> events.unit(() -> {
            created(RECORDS, "x");
            return Uni.createFrom().voidItem();
        }))));
        assertEquals(List.of(), recorder.heard);
    }

    @Test
    void aFailedSavepointDropsOnlyItsOwnEvents() throws Exception {
        onRequestContext(() -> events.request(() -> events.unit(() -> {
            created(RECORDS, "kept");
            return events.savepoint(() -> {
                created(RECORDS, "dropped");
                created(BUCKET, "dropped");
                return Uni.createFrom().failure(new IllegalStateException("subrequest fails"));
            }).onFailure().recoverWithNull().chain(() -> events.savepoint(() -> {
                created(RECORDS, "also kept");
                return Uni.createFrom().voidItem();
            }));
        })));
        assertEquals(List.of("changed:create record 2", "after:create record 2"), recorder.heard);
    }

    @Test
    void readsOutsideAUnitAreHeardAtTheEndOfTheRequest() throws Exception {
        onRequestContext(() -> events.request(() -> {
            events.emit(Events.READ, RECORDS, "/buckets/b/collections/c", 1, ALICE, List.of());
            recorder.heard.add("request work done");
            return Uni.createFrom().voidItem();
        }));
        assertEquals(List.of("request work done", "changed:read record 0", "after:read record 0"), recorder.heard);
    }

    @Test
    void withoutARequestNothingIsCollected() throws Exception {
        onRequestContext(() -> events.unit(() -> {
            created(RECORDS, "x");
            return Uni.createFrom().voidItem();
        }));
        assertEquals(List.of(), recorder.heard);
    }
}
