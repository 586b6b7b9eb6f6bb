package dev.kintoj.permission;

import dev.kintoj.core.RequestMemo;
import io.smallrye.mutiny.Uni;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A permission backend that reads each object's ACL once per request: the authorization check fetches the ACLs of
 * the target and its ancestors in one read, and the same ACLs then serve a read's {@code permissions} in the response
 * and the checks of every later subrequest of a batch (all creating records in one collection ask about the same
 * bucket and collection). An ACL the request writes is read again, so a request always sees its own changes, and
 * inside a unit of work an object's own ACL is always read again (see {@link #getObjectPermissions}). Outside a
 * request (no Vert.x duplicated context) every call goes to the backend.
 */
public final class MemoizedPermissions implements PermissionBackend {

    private final PermissionBackend backend;
    private final RequestMemo memo;
    private final Object name = new Object();
    /** The groups read ahead with ACLs, by the user ids asked, until the request's identity takes them. */
    private final Object groupsName = new Object();

    public MemoizedPermissions(PermissionBackend backend, RequestMemo memo) {
        this.backend = backend;
        this.memo = memo;
    }

    @Override
    public Uni<Map<String, Map<String, Set<String>>>> getObjectsPermissions(Collection<String> objectUris) {
        Map<String, Map<String, Set<String>>> known = memo.of(name);
        if (known == null) {
            return backend.getObjectsPermissions(objectUris);
        }
        return remembered(known, objectUris).map(acls -> {
            Map<String, Map<String, Set<String>>> copies = new HashMap<>();
            acls.forEach((uri, acl) -> copies.put(uri, copy(acl)));
            return copies;
        });
    }

    /** The remembered ACLs of these objects, read from the backend (all missing ones at once) when not known yet. */
    private Uni<Map<String, Map<String, Set<String>>>> remembered(Map<String, Map<String, Set<String>>> known,
                                                                  Collection<String> objectUris) {
        List<String> missing = objectUris.stream().distinct().filter(uri -> !known.containsKey(uri)).toList();
        Uni<Void> read = missing.isEmpty()
                ? Uni.createFrom().voidItem()
                : backend.getObjectsPermissions(missing).invoke(known::putAll).replaceWithVoid();
        return read.map(ignored -> {
            Map<String, Map<String, Set<String>>> acls = new HashMap<>();
            objectUris.forEach(uri -> acls.put(uri, known.get(uri)));
            return acls;
        });
    }

    @Override
    public Uni<Map<String, Set<String>>> getObjectPermissions(String objectUri) {
        // Inside a unit of work an object's ACL is read afresh: it may guard a write (a PATCH merging permissions),
        // and the ACL remembered from the authorization check was read before the unit took the list's lock.
        if (memo.of(name) == null || memo.insideUnit()) {
            return backend.getObjectPermissions(objectUri);
        }
        return getObjectsPermissions(List.of(objectUri)).map(acls -> acls.get(objectUri));
    }

    @Override
    public Uni<Set<String>> getAuthorizedPrincipals(Collection<Map.Entry<String, String>> objectPermissions) {
        Map<String, Map<String, Set<String>>> known = memo.of(name);
        if (known == null) {
            return backend.getAuthorizedPrincipals(objectPermissions);
        }
        // Only read here: the remembered ACLs themselves, not copies.
        List<String> uris = objectPermissions.stream().map(Map.Entry::getKey).distinct().toList();
        return remembered(known, uris).map(acls -> {
            Set<String> holders = new TreeSet<>();
            objectPermissions.forEach(pair -> holders.addAll(acls.get(pair.getKey()).getOrDefault(pair.getValue(), Set.of())));
            return holders;
        });
    }

    @Override
    public Uni<Void> replaceObjectPermissions(String objectUri, Map<String, Set<String>> permissions) {
        return Uni.createFrom().deferred(() -> {
            Map<String, Map<String, Set<String>>> known = memo.of(name);
            if (known != null) {
                known.remove(objectUri);
            }
            return backend.replaceObjectPermissions(objectUri, permissions);
        });
    }

    @Override
    public Uni<Void> deleteObjectPermissions(String... uriPatterns) {
        return Uni.createFrom().deferred(() -> {
            forgetAll();
            return backend.deleteObjectPermissions(uriPatterns);
        });
    }

    @Override
    public Uni<Void> flush() {
        return Uni.createFrom().deferred(() -> {
            forgetAll();
            return backend.flush();
        });
    }

    private void forgetAll() {
        Map<?, ?> known = memo.of(name);
        if (known != null) {
            known.clear();
        }
    }

    /** Callers may change the ACL they are given; the remembered one stays as read. */
    private static Map<String, Set<String>> copy(Map<String, Set<String>> acl) {
        Map<String, Set<String>> copy = new TreeMap<>();
        acl.forEach((permission, principals) -> copy.put(permission, new LinkedHashSet<>(principals)));
        return copy;
    }

    @Override
    public Uni<Map<String, Set<String>>> getAccessibleObjects(Collection<String> principals, String uriPattern,
                                                              Collection<String> permissions) {
        return backend.getAccessibleObjects(principals, uriPattern, permissions);
    }

    @Override
    public Uni<Set<String>> getUserPrincipals(Collection<String> userIds) {
        // Looked up when subscribed to: the identity's Uni is made before the reads ahead offer the groups.
        return Uni.createFrom().deferred(() -> {
            Map<List<String>, Uni<Set<String>>> ahead = memo.of(groupsName);
            Uni<Set<String>> read = ahead == null ? null : ahead.remove(List.copyOf(userIds));
            return read != null ? read.map(LinkedHashSet::new) : backend.getUserPrincipals(userIds);
        });
    }

    /**
     * Remembers the ACLs as {@link #getObjectsPermissions} does, and the groups for the request's identity: its
     * {@link #getUserPrincipals} of the same user ids takes them. They are offered as soon as this is called, before
     * anything subscribes, because the identity may ask first: one read serves both, whoever subscribes first.
     */
    @Override
    public Uni<PrincipalsAndPermissions> getUserPrincipalsAndObjectsPermissions(Collection<String> userIds,
                                                                                Collection<String> objectUris) {
        Map<String, Map<String, Set<String>>> known = memo.of(name);
        Map<List<String>, Uni<Set<String>>> ahead = memo.of(groupsName);
        if (known == null || ahead == null) {
            return backend.getUserPrincipalsAndObjectsPermissions(userIds, objectUris);
        }
        List<String> missing = objectUris.stream().distinct().filter(uri -> !known.containsKey(uri)).toList();
        Uni<PrincipalsAndPermissions> read = backend.getUserPrincipalsAndObjectsPermissions(userIds, missing)
                .invoke(both -> known.putAll(both.permissions()))
                .memoize().indefinitely();
        ahead.put(List.copyOf(userIds), read.map(PrincipalsAndPermissions::principals));
        return read.map(both -> {
            Map<String, Map<String, Set<String>>> copies = new HashMap<>();
            for (String uri : objectUris) {
                Map<String, Set<String>> acl = both.permissions().getOrDefault(uri, known.get(uri));
                if (acl != null) {
                    copies.put(uri, copy(acl));
                }
            }
            return new PrincipalsAndPermissions(new LinkedHashSet<>(both.principals()), copies);
        });
    }

    @Override
    public Uni<Void> addUserPrincipal(String userId, String principal) {
        return backend.addUserPrincipal(userId, principal);
    }

    @Override
    public Uni<Void> removeUserPrincipal(String userId, String principal) {
        return backend.removeUserPrincipal(userId, principal);
    }

    @Override
    public Uni<Void> removePrincipal(String principal) {
        return backend.removePrincipal(principal);
    }

    @Override
    public Uni<Boolean> healthy() {
        return backend.healthy();
    }
}
