package dev.kintoj.permission;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The permission SPI contract (storage.md §4); every backend's test extends this class unchanged. */
public abstract class PermissionBackendContractTest {

    protected PermissionBackend backend;

    protected abstract PermissionBackend createBackend();

    @BeforeEach
    void freshBackend() {
        backend = createBackend();
        await(backend.flush());
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().indefinitely();
    }

    private void grant(String uri, String permission, String... principals) {
        await(backend.replaceObjectPermissions(uri, Map.of(permission, new LinkedHashSet<>(List.of(principals)))));
    }

    @Test
    void replacingOnlyTouchesTheGivenPermissions() {
        grant("/buckets/b", "read", "alice", "bob");
        grant("/buckets/b", "write", "alice");
        await(backend.replaceObjectPermissions("/buckets/b", Map.of("read", Set.of("carl"))));
        assertEquals(Map.of("read", Set.of("carl"), "write", Set.of("alice")), await(backend.getObjectPermissions("/buckets/b")));
        await(backend.replaceObjectPermissions("/buckets/b", Map.of("read", Set.of())));
        assertEquals(Map.of("write", Set.of("alice")), await(backend.getObjectPermissions("/buckets/b")),
                "permissions without principals are absent");
        assertEquals(Map.of(), await(backend.getObjectPermissions("/buckets/other")));
    }

    @Test
    void deletingByExactUriOrPattern() {
        grant("/buckets/b", "write", "alice");
        grant("/buckets/b/collections/c", "write", "alice");
        grant("/buckets/b/collections/c/records/r", "read", "bob");
        grant("/buckets/b2", "write", "alice");
        await(backend.deleteObjectPermissions("/buckets/b/collections/c/records/r"));
        assertEquals(Map.of(), await(backend.getObjectPermissions("/buckets/b/collections/c/records/r")));
        grant("/buckets/b/collections/c/records/r", "read", "bob");
        await(backend.deleteObjectPermissions("/buckets/b", "/buckets/b/*"));
        assertEquals(Map.of(), await(backend.getObjectPermissions("/buckets/b")));
        assertEquals(Map.of(), await(backend.getObjectPermissions("/buckets/b/collections/c/records/r")));
        assertEquals(Map.of("write", Set.of("alice")), await(backend.getObjectPermissions("/buckets/b2")),
                "a sibling whose id starts the same is untouched");
    }

    @Test
    void accessibleObjectsStayWithinOnePathSegment() {
        grant("/buckets/b/collections/c1", "read", "alice");
        grant("/buckets/b/collections/c2", "write", "bob", "alice");
        grant("/buckets/b/collections/c3", "record:create", "alice");
        grant("/buckets/b/collections/c1/records/r", "read", "alice");
        Map<String, Set<String>> accessible = await(backend.getAccessibleObjects(List.of("alice", "system.Everyone"),
                "/buckets/b/collections/*", List.of("read", "write")));
        assertEquals(Map.of("/buckets/b/collections/c1", Set.of("read"), "/buckets/b/collections/c2", Set.of("write")), accessible);
        assertEquals(Map.of(), await(backend.getAccessibleObjects(List.of("carl"), "/buckets/b/collections/*", List.of("read"))));
    }

    @Test
    void theAclsOfSeveralObjectsAtOnce() {
        grant("/buckets/b", "write", "alice");
        grant("/buckets/b", "read", "bob", "carl");
        grant("/buckets/b/collections/c", "record:create", "dan");
        grant("/buckets/b/collections/c/records/r", "read", "erin");
        Map<String, Map<String, Set<String>>> acls = await(backend.getObjectsPermissions(
                List.of("/buckets/b", "/buckets/b/collections/c", "/buckets/none")));
        assertEquals(Map.of(
                "/buckets/b", Map.of("write", Set.of("alice"), "read", Set.of("bob", "carl")),
                "/buckets/b/collections/c", Map.of("record:create", Set.of("dan")),
                "/buckets/none", Map.of()), acls);
        assertEquals(await(backend.getObjectPermissions("/buckets/b")), acls.get("/buckets/b"));
        assertEquals(List.of("bob", "carl"), List.copyOf(acls.get("/buckets/b").get("read")), "principals in order");
    }

    @Test
    void authorizedPrincipalsOfSeveralPairs() {
        grant("/buckets/b", "write", "alice");
        grant("/buckets/b/collections/c", "read", "bob");
        grant("/buckets/b/collections/c", "write", "carl");
        assertEquals(Set.of("alice", "bob"), await(backend.getAuthorizedPrincipals(List.of(
                Map.entry("/buckets/b", "write"), Map.entry("/buckets/b/collections/c", "read")))));
        assertEquals(Set.of(), await(backend.getAuthorizedPrincipals(List.of(Map.entry("/buckets/x", "read")))));
    }

    @Test
    void userPrincipalsAreAddedRemovedAndDroppedEverywhere() {
        await(backend.addUserPrincipal("alice", "/buckets/b/groups/g1"));
        await(backend.addUserPrincipal("alice", "/buckets/b/groups/g2"));
        await(backend.addUserPrincipal("bob", "/buckets/b/groups/g1"));
        await(backend.addUserPrincipal("alice", "/buckets/b/groups/g1"));
        assertEquals(Set.of("/buckets/b/groups/g1", "/buckets/b/groups/g2"), await(backend.getUserPrincipals(List.of("alice"))));
        await(backend.removeUserPrincipal("alice", "/buckets/b/groups/g2"));
        assertEquals(Set.of("/buckets/b/groups/g1"), await(backend.getUserPrincipals(List.of("alice"))));
        await(backend.removePrincipal("/buckets/b/groups/g1"));
        assertTrue(await(backend.getUserPrincipals(List.of("alice"))).isEmpty());
        assertTrue(await(backend.getUserPrincipals(List.of("bob"))).isEmpty());
        assertTrue(await(backend.getUserPrincipals(List.of("nobody"))).isEmpty());
    }

    @Test
    void groupsAndAclsReadTogetherAreWhatEachReadGives() {
        await(backend.addUserPrincipal("alice", "/buckets/b/groups/mine"));
        await(backend.addUserPrincipal("system.Authenticated", "/buckets/b/groups/everyone"));
        await(backend.addUserPrincipal("bob", "/buckets/b/groups/bobs"));
        grant("/buckets/b", "write", "alice");
        grant("/buckets/b", "read", "/buckets/b/groups/mine");
        grant("/buckets/b/collections/c", "read", "bob");
        List<String> users = List.of("alice", "system.Authenticated");
        List<String> objects = List.of("/buckets/b/collections/c/records/r", "/buckets/b/collections/c", "/buckets/b");

        PermissionBackend.PrincipalsAndPermissions both = await(backend.getUserPrincipalsAndObjectsPermissions(users, objects));

        assertEquals(Set.of("/buckets/b/groups/mine", "/buckets/b/groups/everyone"), both.principals());
        assertEquals(await(backend.getUserPrincipals(users)), both.principals());
        assertEquals(await(backend.getObjectsPermissions(objects)), both.permissions());
        assertEquals(Map.of("read", Set.of("bob")), both.permissions().get("/buckets/b/collections/c"));
        assertEquals(Map.of(), both.permissions().get("/buckets/b/collections/c/records/r"));
        PermissionBackend.PrincipalsAndPermissions none = await(backend.getUserPrincipalsAndObjectsPermissions(
                List.of("nobody"), List.of()));
        assertTrue(none.principals().isEmpty());
        assertTrue(none.permissions().isEmpty());
    }

    @Test
    void principalsOfSeveralUsersAreTheirUnion() {
        await(backend.addUserPrincipal("alice", "/buckets/b/groups/mine"));
        await(backend.addUserPrincipal("system.Authenticated", "/buckets/b/groups/everyone"));
        await(backend.addUserPrincipal("system.Authenticated", "/buckets/b/groups/mine"));
        await(backend.addUserPrincipal("bob", "/buckets/b/groups/bobs"));

        assertEquals(Set.of("/buckets/b/groups/mine", "/buckets/b/groups/everyone"),
                await(backend.getUserPrincipals(List.of("alice", "system.Authenticated"))));
        assertEquals(Set.of("/buckets/b/groups/everyone", "/buckets/b/groups/mine"),
                await(backend.getUserPrincipals(List.of("carl", "system.Authenticated"))));
    }

    @Test
    void flushForgetsEverythingAndTheBackendIsHealthy() {
        grant("/buckets/b", "write", "alice");
        await(backend.addUserPrincipal("alice", "g"));
        await(backend.flush());
        assertEquals(Map.of(), await(backend.getObjectPermissions("/buckets/b")));
        assertTrue(await(backend.getUserPrincipals(List.of("alice"))).isEmpty());
        assertTrue(await(backend.healthy()));
    }
}
