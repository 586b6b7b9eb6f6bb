package dev.kintoj.metrics;

import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** A permission backend whose calls are timed ({@code backend_permission_seconds}, labelled by Kinto's method names). */
final class MeasuredPermissions implements PermissionBackend {

    private final PermissionBackend backend;
    private final BackendTimers timers;

    MeasuredPermissions(PermissionBackend backend, BackendTimers timers) {
        this.backend = backend;
        this.timers = timers;
    }

    @Override
    public Uni<Map<String, Set<String>>> getObjectPermissions(String objectUri) {
        return timers.time("get_object_permissions", () -> backend.getObjectPermissions(objectUri));
    }

    @Override
    public Uni<Map<String, Map<String, Set<String>>>> getObjectsPermissions(Collection<String> objectUris) {
        return timers.time("get_objects_permissions", () -> backend.getObjectsPermissions(objectUris));
    }

    @Override
    public Uni<Void> replaceObjectPermissions(String objectUri, Map<String, Set<String>> permissions) {
        return timers.time("replace_object_permissions", () -> backend.replaceObjectPermissions(objectUri, permissions));
    }

    @Override
    public Uni<Void> deleteObjectPermissions(String... uriPatterns) {
        return timers.time("delete_object_permissions", () -> backend.deleteObjectPermissions(uriPatterns));
    }

    @Override
    public Uni<Map<String, Set<String>>> getAccessibleObjects(Collection<String> principals, String uriPattern,
                                                              Collection<String> permissions) {
        return timers.time("get_accessible_objects", () -> backend.getAccessibleObjects(principals, uriPattern, permissions));
    }

    @Override
    public Uni<Set<String>> getAuthorizedPrincipals(Collection<Map.Entry<String, String>> objectPermissions) {
        return timers.time("get_authorized_principals", () -> backend.getAuthorizedPrincipals(objectPermissions));
    }

    @Override
    public Uni<Set<String>> getUserPrincipals(Collection<String> userIds) {
        return timers.time("get_user_principals", () -> backend.getUserPrincipals(userIds));
    }

    @Override
    public Uni<Void> addUserPrincipal(String userId, String principal) {
        return timers.time("add_user_principal", () -> backend.addUserPrincipal(userId, principal));
    }

    @Override
    public Uni<Void> removeUserPrincipal(String userId, String principal) {
        return timers.time("remove_user_principal", () -> backend.removeUserPrincipal(userId, principal));
    }

    @Override
    public Uni<Void> removePrincipal(String principal) {
        return timers.time("remove_principal", () -> backend.removePrincipal(principal));
    }

    @Override
    public Uni<Void> flush() {
        return timers.time("flush", backend::flush);
    }

    @Override
    public Uni<Boolean> healthy() {
        return timers.time("healthy", backend::healthy);
    }
}
