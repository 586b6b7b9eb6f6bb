package dev.kintoj.userdata;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Identity;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ObjectService;
import dev.kintoj.core.ResourceKind;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.core.ResourceRequest;
import dev.kintoj.events.Events;
import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code DELETE /v1/__user_data__/{principal}} (plugins.md §9): what a principal "owns" (objects where it is the
 * only writer) is deleted through the engine, so that cascades, tombstones, events and history entries are those of
 * ordinary deletions; the principal is removed from every other ACL and from every group, all in one unit of work.
 */
public final class UserDataDeletion {

    public static final String SETTING = "user-data_delete_principals";
    private static final String WRITE = "write";

    private final ObjectService service;
    private final PermissionBackend permissions;
    private final Events events;
    private final Function<String, java.util.Optional<String>> settings;

    public UserDataDeletion(ObjectService service, PermissionBackend permissions, Events events,
                            Function<String, java.util.Optional<String>> settings) {
        this.service = service;
        this.permissions = permissions;
        this.events = events;
        this.settings = settings;
    }

    /** Deletes the principal's data for {@code caller}; {@code url}: the base of the object URLs in events. */
    public Uni<ObjectNode> delete(String principal, Identity caller, Function<String, String> url) {
        String allowed = settings.apply(SETTING).orElse("");
        if (java.util.Arrays.stream(allowed.trim().split("\\s+")).noneMatch(caller.principals()::contains)) {
            return Uni.createFrom().failure(caller.isAnonymous() ? KintoError.unauthorized() : KintoError.forbidden());
        }
        return events.unit(() -> accessibleObjects(principal)
                .chain(accessible -> permissions.getObjectsPermissions(accessible).chain(acls -> {
                    Set<String> owned = new TreeSet<>();
                    acls.forEach((uri, acl) -> {
                        if (Set.of(principal).equals(acl.getOrDefault(WRITE, Set.of()))) {
                            owned.add(uri);
                        }
                    });
                    return removeFromAcls(principal, acls, owned)
                            .chain(() -> deleteOwned(outermost(owned), principal, caller, url));
                }))
                .chain(() -> permissions.removePrincipal(principal))
                .chain(() -> permissions.getUserPrincipals(List.of(principal)))
                .chain(groups -> sequence(groups, group -> () -> permissions.removeUserPrincipal(principal, group))))
                .map(done -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.putObject("data").put("principal", principal);
                    return body;
                });
    }

    /** Step 1: every object of every kind with the principal in one of its ACL entries. */
    private Uni<Set<String>> accessibleObjects(String principal) {
        Set<String> names = new LinkedHashSet<>();
        for (ResourceKind kind : service.kinds().all()) {
            names.addAll(kind.permissions());
        }
        Set<String> uris = new TreeSet<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ResourceKind kind : service.kinds().all()) {
            chain = chain.chain(() -> permissions.getAccessibleObjects(List.of(principal), uriPattern(kind), names)
                    .invoke(found -> uris.addAll(found.keySet())).replaceWithVoid());
        }
        return chain.map(done -> uris);
    }

    /** {@code /buckets/*}/{@code collections/*}: the object URIs of a kind, any id at every level. */
    private static String uriPattern(ResourceKind kind) {
        String own = "/" + kind.segment() + "/*";
        return kind.parent() == null ? own : uriPattern(kind.parent()) + own;
    }

    /** Step 3: before the deletions, so that no ACL is written again for an object about to disappear. */
    private Uni<Void> removeFromAcls(String principal, Map<String, Map<String, Set<String>>> acls, Set<String> owned) {
        List<Supplier<Uni<Void>>> writes = new ArrayList<>();
        acls.forEach((uri, acl) -> {
            if (owned.contains(uri)) {
                return;
            }
            Map<String, Set<String>> changes = new java.util.HashMap<>();
            acl.forEach((permission, principals) -> {
                if (principals.contains(principal)) {
                    Set<String> kept = new TreeSet<>(principals);
                    kept.remove(principal);
                    changes.put(permission, kept);
                }
            });
            if (!changes.isEmpty()) {
                writes.add(() -> permissions.replaceObjectPermissions(uri, changes));
            }
        });
        return sequence(writes, write -> write);
    }

    /** Objects below another deleted object go with it (cascade): only the outermost ones are deleted. */
    static List<String> outermost(Set<String> sortedUris) {
        List<String> kept = new ArrayList<>();
        for (String uri : sortedUris) {
            if (kept.stream().noneMatch(ancestor -> uri.startsWith(ancestor + "/"))) {
                kept.add(uri);
            }
        }
        return kept;
    }

    /**
     * Each deletion is an ordinary one, authorized as the principal itself (it is their only writer) but made on
     * behalf of the caller, whose user id the events and history entries carry.
     */
    private Uni<Void> deleteOwned(List<String> uris, String principal, Identity caller, Function<String, String> url) {
        List<String> principals = new ArrayList<>(caller.principals());
        principals.add(principal);
        Identity actor = new Identity(caller.userId(), principals);
        return sequence(uris, uri -> () -> {
            ResourcePath path = service.kinds().parse(uri).filter(p -> !p.isPlural()).orElse(null);
            if (path == null) {
                return Uni.createFrom().voidItem();
            }
            ResourceRequest request = new ResourceRequest("DELETE", path, List.of(), Map.of(), null, null, actor, url.apply(uri));
            return service.handle(request).replaceWithVoid()
                    // An ACL may outlive its object (deleted without cascade by an older version): nothing to delete.
                    .onFailure(KintoError.class).recoverWithUni(e -> ((KintoError) e).status == 404
                            ? permissions.deleteObjectPermissions(uri) : Uni.createFrom().failure(e));
        });
    }

    private static <T> Uni<Void> sequence(Iterable<T> items, Function<T, Supplier<Uni<Void>>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            Supplier<Uni<Void>> next = step.apply(item);
            chain = chain.chain(next::get);
        }
        return chain;
    }
}
