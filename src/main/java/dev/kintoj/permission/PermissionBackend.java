package dev.kintoj.permission;

import io.smallrye.mutiny.Uni;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Access control entries per object URI (storage.md §4). */
public interface PermissionBackend {

    /** The object's own ACL: permission name to principals; permissions without principals are absent. */
    Uni<Map<String, Set<String>>> getObjectPermissions(String objectUri);

    /** The ACLs of several objects at once, in one read: each URI given maps to its ACL (empty when it has none). */
    Uni<Map<String, Map<String, Set<String>>>> getObjectsPermissions(Collection<String> objectUris);

    /** Replaces, for each permission name given, its principals (an empty set clears it); other names are untouched. */
    Uni<Void> replaceObjectPermissions(String objectUri, Map<String, Set<String>> permissions);

    /** Deletes the ACL of every object whose URI matches one of the patterns ({@code *} matches any text). */
    Uni<Void> deleteObjectPermissions(String... uriPatterns);

    /**
     * For each object URI matching the pattern, the permissions (among {@code permissions}) that one of the
     * principals holds in the object's own ACL. In the pattern {@code *} matches within one path segment, so
     * {@code /buckets/b1/collections/*} lists collections of b1 but not their records.
     */
    Uni<Map<String, Set<String>>> getAccessibleObjects(Collection<String> principals, String uriPattern,
                                                       Collection<String> permissions);

    /** Principals holding at least one of the (object URI, permission) pairs. */
    Uni<Set<String>> getAuthorizedPrincipals(Collection<Map.Entry<String, String>> objectPermissions);

    /**
     * The extra principals (group URIs) of the given user ids, together; {@code system.Authenticated} holds
     * everyone's groups (one call per request: the user and {@code system.Authenticated}).
     */
    Uni<Set<String>> getUserPrincipals(Collection<String> userIds);

    /** What {@link #getUserPrincipalsAndObjectsPermissions} read. */
    record PrincipalsAndPermissions(Set<String> principals, Map<String, Map<String, Set<String>>> permissions) {
    }

    /**
     * {@link #getUserPrincipals} and {@link #getObjectsPermissions} in one read: a read request's identity and the
     * ACLs that decide it, read ahead together (one statement where reads cost round trips).
     */
    default Uni<PrincipalsAndPermissions> getUserPrincipalsAndObjectsPermissions(Collection<String> userIds,
                                                                                 Collection<String> objectUris) {
        return Uni.combine().all().unis(getUserPrincipals(userIds), getObjectsPermissions(objectUris)).asTuple()
                .map(both -> new PrincipalsAndPermissions(both.getItem1(), both.getItem2()));
    }

    Uni<Void> addUserPrincipal(String userId, String principal);

    Uni<Void> removeUserPrincipal(String userId, String principal);

    /** Removes the principal from every user (a deleted group). */
    Uni<Void> removePrincipal(String principal);

    Uni<Void> flush();

    Uni<Boolean> healthy();
}
