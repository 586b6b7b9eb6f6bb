package dev.kintoj.auth;

import dev.kintoj.core.Authorizer.Access;
import dev.kintoj.core.CoreKinds;
import dev.kintoj.core.Identity;
import dev.kintoj.core.ResourceKinds;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.permission.memory.MemoryPermissionBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** permissions.md §3–§4 against the in-memory permission backend. */
class AclAuthorizerTest {

    private final ResourceKinds kinds = new ResourceKinds(CoreKinds.ALL);
    private final MemoryPermissionBackend acl = new MemoryPermissionBackend();
    private final Map<String, String> settings = new HashMap<>();
    private final AclAuthorizer authorizer = new AclAuthorizer(acl, key -> Optional.ofNullable(settings.get(key)));

    private static Identity user(String name) {
        String id = "basicauth:" + name;
        return new Identity(id, List.of(id, Identity.EVERYONE, Identity.AUTHENTICATED));
    }

    private void grant(String uri, String permission, String... principals) {
        acl.replaceObjectPermissions(uri, Map.of(permission, Set.of(principals))).await().indefinitely();
    }

    private Access ask(Identity who, String path, String permission) {
        ResourcePath target = kinds.parse(path).orElseThrow();
        return authorizer.authorize(who, target, permission).await().indefinitely();
    }

    private boolean may(Identity who, String path, String permission) {
        Access access = ask(who, path, permission);
        return access.allowed() && access.sharedIds() == null;
    }

    @BeforeEach
    void aliceOwnsABucket() {
        grant("/buckets/b", "write", "basicauth:alice");
    }

    @Test
    void bucketWritersMayDoEverythingBelow() {
        Identity alice = user("alice");
        assertTrue(may(alice, "/buckets/b", "read"));
        assertTrue(may(alice, "/buckets/b", "write"));
        assertTrue(may(alice, "/buckets/b/collections", "create"));
        assertTrue(may(alice, "/buckets/b/groups", "read"));
        assertTrue(may(alice, "/buckets/b/collections/c", "write"));
        assertTrue(may(alice, "/buckets/b/collections/c/records", "read"));
        assertTrue(may(alice, "/buckets/b/collections/c/records", "create"));
        assertTrue(may(alice, "/buckets/b/collections/c/records/r", "write"));
        assertFalse(ask(user("bob"), "/buckets/b", "read").allowed());
        assertFalse(ask(Identity.ANONYMOUS, "/buckets/b/collections/c/records/r", "read").allowed());
    }

    @Test
    void collectionReadersReadItsRecordsButNothingAbove() {
        grant("/buckets/b/collections/c", "read", "basicauth:bob");
        Identity bob = user("bob");
        assertTrue(may(bob, "/buckets/b/collections/c", "read"));
        assertTrue(may(bob, "/buckets/b/collections/c/records", "read"));
        assertTrue(may(bob, "/buckets/b/collections/c/records/r", "read"));
        assertFalse(ask(bob, "/buckets/b/collections/c/records/r", "write").allowed());
        assertFalse(ask(bob, "/buckets/b", "read").allowed());
        assertFalse(ask(bob, "/buckets/b/collections/c/records", "create").allowed());
    }

    @Test
    void recordCreatorsReadTheCollectionAndListOnlyWhatIsSharedWithThem() {
        grant("/buckets/b/collections/c", "record:create", "basicauth:carl");
        Identity carl = user("carl");
        assertTrue(may(carl, "/buckets/b/collections/c", "read"), "record:create grants reading the collection object");
        assertTrue(may(carl, "/buckets/b/collections/c/records", "create"));
        Access listing = ask(carl, "/buckets/b/collections/c/records", "read");
        assertTrue(listing.allowed());
        assertEquals(Set.of(), listing.sharedIds(), "an empty list, not everybody's records");
        grant("/buckets/b/collections/c/records/mine", "write", "basicauth:carl");
        assertEquals(Set.of("mine"), ask(carl, "/buckets/b/collections/c/records", "read").sharedIds());
    }

    @Test
    void sharedRecordsAreListedAndNothingElseIsGranted() {
        grant("/buckets/b/collections/c/records/r2", "read", "basicauth:dave");
        Identity dave = user("dave");
        assertEquals(Set.of("r2"), ask(dave, "/buckets/b/collections/c/records", "read").sharedIds());
        assertFalse(ask(dave, "/buckets/b/collections/c/records", "write").allowed(), "read is not enough to delete");
        assertFalse(ask(dave, "/buckets/b/collections/c", "read").allowed());
        assertFalse(ask(dave, "/buckets/b/collections", "read").allowed());
    }

    @Test
    void settingsGrantPerEndpointResource() {
        assertTrue(may(user("erin"), "/buckets", "create"), "bucket_create_principals defaults to system.Authenticated");
        assertFalse(ask(Identity.ANONYMOUS, "/buckets", "create").allowed());
        settings.put("record_write_principals", "basicauth:frank");
        Identity frank = user("frank");
        assertTrue(may(frank, "/buckets/b/collections/c/records/r", "write"));
        assertTrue(may(frank, "/buckets/b/collections/c/records", "read"), "write settings include reading that type");
        assertFalse(ask(frank, "/buckets/b", "read").allowed());
        settings.put("bucket_write_principals", "basicauth:gina");
        assertTrue(may(user("gina"), "/buckets/b", "write"));
        assertFalse(ask(user("gina"), "/buckets/b/collections/c", "write").allowed(), "settings do not extend below");
    }

    @Test
    void bucketListingShowsTheBucketsOfTheRequester() {
        Access alice = ask(user("alice"), "/buckets", "read");
        assertEquals(Set.of("b"), alice.sharedIds());
        Access erin = ask(user("erin"), "/buckets", "read");
        assertTrue(erin.allowed(), "bucket creators may list (an empty list)");
        assertEquals(Set.of(), erin.sharedIds());
        assertFalse(ask(Identity.ANONYMOUS, "/buckets", "read").allowed());
        settings.put("bucket_read_principals", Identity.EVERYONE);
        Access everyone = ask(Identity.ANONYMOUS, "/buckets", "read");
        assertTrue(everyone.allowed());
        assertNull(everyone.sharedIds());
    }

    @Test
    void groupPrincipalsOfTheIdentityGrantWhatTheGroupHolds() {
        grant("/buckets/b/collections/c/records/r", "read", "/buckets/b/groups/readers");
        Identity hank = user("hank");
        assertFalse(ask(hank, "/buckets/b/collections/c/records/r", "read").allowed());
        Identity member = new Identity(hank.userId(), List.of(hank.userId(), Identity.EVERYONE, Identity.AUTHENTICATED,
                "/buckets/b/groups/readers"));
        assertTrue(may(member, "/buckets/b/collections/c/records/r", "read"));
        assertFalse(may(member, "/buckets/b/collections/c/records/r", "write"));
    }
}
