package dev.kintoj.permission;

import dev.kintoj.core.RequestMemo;
import io.smallrye.mutiny.Uni;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A permission backend that answers a request's repeated authorization questions from memory: the principals
 * holding the same (object, permission) pairs, asked again by every subrequest of a batch creating records in one
 * collection (the pairs are the ancestors' ACLs). An ACL the request writes drops the answers that read it, so a
 * request always sees its own permission changes.
 */
public final class MemoizedPermissions implements PermissionBackend {

    private final PermissionBackend backend;
    private final RequestMemo memo;
    private final Object name = new Object();

    public MemoizedPermissions(PermissionBackend backend, RequestMemo memo) {
        this.backend = backend;
        this.memo = memo;
    }

    @Override
    public Uni<Set<String>> getAuthorizedPrincipals(Collection<Map.Entry<String, String>> objectPermissions) {
        Map<List<Map.Entry<String, String>>, Set<String>> answers = memo.of(name);
        if (answers == null) {
            return backend.getAuthorizedPrincipals(objectPermissions);
        }
        List<Map.Entry<String, String>> question = List.copyOf(objectPermissions);
        Set<String> known = answers.get(question);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return backend.getAuthorizedPrincipals(question).map(Set::copyOf).invoke(holders -> answers.put(question, holders));
    }

    @Override
    public Uni<Void> replaceObjectPermissions(String objectUri, Map<String, Set<String>> permissions) {
        return Uni.createFrom().deferred(() -> {
            Map<List<Map.Entry<String, String>>, Set<String>> answers = memo.of(name);
            if (answers != null) {
                answers.keySet().removeIf(question -> question.stream().anyMatch(pair -> pair.getKey().equals(objectUri)));
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
        Map<?, ?> answers = memo.of(name);
        if (answers != null) {
            answers.clear();
        }
    }

    @Override
    public Uni<Map<String, Set<String>>> getObjectPermissions(String objectUri) {
        return backend.getObjectPermissions(objectUri);
    }

    @Override
    public Uni<Map<String, Set<String>>> getAccessibleObjects(Collection<String> principals, String uriPattern,
                                                              Collection<String> permissions) {
        return backend.getAccessibleObjects(principals, uriPattern, permissions);
    }

    @Override
    public Uni<Set<String>> getUserPrincipals(Collection<String> userIds) {
        return backend.getUserPrincipals(userIds);
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
