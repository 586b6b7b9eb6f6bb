package dev.kintoj.permission;

import dev.kintoj.core.RequestMemo;
import dev.kintoj.events.EventListener;
import dev.kintoj.events.Events;
import dev.kintoj.permission.memory.MemoryPermissionBackend;
import dev.kintoj.storage.memory.MemoryTransactions;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a request may answer from the ACLs it has read (each step runs in one request's Vert.x context, as in the
 * service). The backend is changed underneath, as another request would change it.
 */
class MemoizedPermissionsTest {

    private static final String BUCKET = "/buckets/b";
    private static Vertx vertx;

    private final MemoryPermissionBackend backend = new MemoryPermissionBackend();
    private final RequestMemo memo = new RequestMemo();
    private final MemoizedPermissions permissions = new MemoizedPermissions(backend, memo);

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T inRequest(Supplier<Uni<T>> work) throws Exception {
        Context request = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<T> result = new CompletableFuture<>();
        request.runOnContext(ignored -> work.get().subscribe().with(result::complete, result::completeExceptionally));
        return result.get(10, TimeUnit.SECONDS);
    }

    private Uni<Void> changedByAnotherRequest(String principal) {
        return backend.replaceObjectPermissions(BUCKET, Map.of("read", Set.of(principal)));
    }

    @Test
    void theGroupsReadAheadWithTheAclsServeTheIdentityThatAsksForThemOnce() throws Exception {
        List<String> users = List.of("alice", "system.Authenticated");
        backend.addUserPrincipal("alice", "/buckets/b/groups/g1").await().indefinitely();
        backend.replaceObjectPermissions(BUCKET, Map.of("read", Set.of("alice"))).await().indefinitely();
        List<Object> seen = inRequest(() -> {
            // The identity's read is made before the reads ahead (as the authentication does) and subscribed later.
            Uni<Set<String>> identity = permissions.getUserPrincipals(users);
            Uni<PermissionBackend.PrincipalsAndPermissions> ahead =
                    permissions.getUserPrincipalsAndObjectsPermissions(users, List.of(BUCKET));
            return ahead.chain(read -> backend.addUserPrincipal("alice", "/buckets/b/groups/g2")
                            .chain(() -> changedByAnotherRequest("bob")))
                    .chain(() -> identity)
                    .chain(groups -> permissions.getObjectsPermissions(List.of(BUCKET)).map(acls -> List.of(groups, acls)))
                    .chain(both -> permissions.getUserPrincipals(users).map(again -> List.of(both.get(0), both.get(1), again)));
        });
        assertEquals(Set.of("/buckets/b/groups/g1"), seen.get(0), "the identity's groups: those read ahead");
        assertEquals(Map.of(BUCKET, Map.of("read", Set.of("alice"))), seen.get(1), "the ACLs read ahead are remembered");
        assertEquals(Set.of("/buckets/b/groups/g1", "/buckets/b/groups/g2"), seen.get(2), "taken once, then read again");
    }

    @Test
    void aReadRemembersTheCheckedAclButAUnitOfWorkReadsItAfresh() throws Exception {
        changedByAnotherRequest("alice").await().indefinitely();
        List<Object> seen = inRequest(() -> permissions.getAuthorizedPrincipals(List.of(Map.entry(BUCKET, "read")))
                .chain(checked -> changedByAnotherRequest("bob")
                        .chain(() -> permissions.getObjectPermissions(BUCKET))
                        .chain(outside -> memo.unit(() -> permissions.getObjectPermissions(BUCKET))
                                .map(inside -> List.of(checked, outside, inside)))));
        assertEquals(Set.of("alice"), seen.get(0));
        assertEquals(Map.of("read", Set.of("alice")), seen.get(1), "outside a unit: the ACL the check read");
        assertEquals(Map.of("read", Set.of("bob")), seen.get(2), "inside a unit: the current ACL, which may guard a write");
    }

    @Test
    void theEnginesUnitsOfWorkAreUnitsForTheMemo() throws Exception {
        // With a listener the request collects events, without one it does not: two ways into a unit.
        for (List<EventListener> listeners : List.<List<EventListener>>of(List.of(), List.of(new EventListener() { }))) {
            Events events = new Events(new MemoryTransactions(), listeners, memo);
            changedByAnotherRequest("alice").await().indefinitely();
            Map<String, Set<String>> inside = inRequest(() -> events.request(() -> permissions.getAuthorizedPrincipals(
                            List.of(Map.entry(BUCKET, "read")))
                    .chain(checked -> changedByAnotherRequest("bob"))
                    .chain(() -> events.unit(() -> permissions.getObjectPermissions(BUCKET)))));
            assertEquals(Map.of("read", Set.of("bob")), inside, listeners.size() + " listener(s)");
        }
    }

    @Test
    void theChecksOfARequestSeeTheAclsItWrites() throws Exception {
        changedByAnotherRequest("alice").await().indefinitely();
        List<Set<String>> holders = inRequest(() -> permissions.getAuthorizedPrincipals(List.of(Map.entry(BUCKET, "read")))
                .chain(before -> permissions.replaceObjectPermissions(BUCKET, Map.of("read", Set.of("carl")))
                        .chain(() -> permissions.getAuthorizedPrincipals(List.of(Map.entry(BUCKET, "read"))))
                        .map(after -> List.of(before, after))));
        assertEquals(List.of(Set.of("alice"), Set.of("carl")), holders);
    }

    @Test
    void eachRequestReadsForItself() throws Exception {
        changedByAnotherRequest("alice").await().indefinitely();
        Set<String> first = inRequest(() -> permissions.getAuthorizedPrincipals(List.of(Map.entry(BUCKET, "read"))));
        changedByAnotherRequest("bob").await().indefinitely();
        Set<String> second = inRequest(() -> permissions.getAuthorizedPrincipals(List.of(Map.entry(BUCKET, "read"))));
        assertEquals(List.of(Set.of("alice"), Set.of("bob")), List.of(first, second));
    }
}
