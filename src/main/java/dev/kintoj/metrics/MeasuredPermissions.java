package dev.kintoj.metrics;

import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** A permission backend whose calls are timed ({@code backend_permission_seconds}, labelled by Kinto's method names). */
final class MeasuredPermissions implements PermissionBackend {

    private final PermissionBackend backend;
    // One per method, as Kinto names it.
    private final BackendTimers.Method getObjectPermissions;
    private final BackendTimers.Method getObjectsPermissions;
    private final BackendTimers.Method replaceObjectPermissions;
    private final BackendTimers.Method deleteObjectPermissions;
    private final BackendTimers.Method getAccessibleObjects;
    private final BackendTimers.Method getAuthorizedPrincipals;
    private final BackendTimers.Method getUserPrincipals;
    private final BackendTimers.Method addUserPrincipal;
    private final BackendTimers.Method removeUserPrincipal;
    private final BackendTimers.Method removePrincipal;
    private final BackendTimers.Method flush;
    private final BackendTimers.Method healthy;
    // Kinto's two methods in one call: each counts it, so that the calls per request stay Kinto's.
    private final BackendTimers.Method principalsAndPermissions;

    MeasuredPermissions(PermissionBackend backend, BackendTimers timers) {
        this.backend = backend;
        this.getObjectPermissions = timers.method("get_object_permissions");
        this.getObjectsPermissions = timers.method("get_objects_permissions");
        this.replaceObjectPermissions = timers.method("replace_object_permissions");
        this.deleteObjectPermissions = timers.method("delete_object_permissions");
        this.getAccessibleObjects = timers.method("get_accessible_objects");
        this.getAuthorizedPrincipals = timers.method("get_authorized_principals");
        this.getUserPrincipals = timers.method("get_user_principals");
        this.addUserPrincipal = timers.method("add_user_principal");
        this.removeUserPrincipal = timers.method("remove_user_principal");
        this.removePrincipal = timers.method("remove_principal");
        this.flush = timers.method("flush");
        this.healthy = timers.method("healthy");
        this.principalsAndPermissions = getUserPrincipals.and(getObjectsPermissions);
    }

    @Override
    public Uni<Map<String, Set<String>>> getObjectPermissions(String objectUri) {
        return getObjectPermissions.time(() -> backend.getObjectPermissions(objectUri));
    }

    @Override
    public Uni<Map<String, Map<String, Set<String>>>> getObjectsPermissions(Collection<String> objectUris) {
        return getObjectsPermissions.time(() -> backend.getObjectsPermissions(objectUris));
    }

    @Override
    public Uni<PrincipalsAndPermissions> getUserPrincipalsAndObjectsPermissions(Collection<String> userIds,
                                                                                Collection<String> objectUris) {
        return principalsAndPermissions.time(() -> backend.getUserPrincipalsAndObjectsPermissions(userIds, objectUris));
    }

    @Override
    public Uni<Void> replaceObjectPermissions(String objectUri, Map<String, Set<String>> permissions) {
        return replaceObjectPermissions.time(() -> backend.replaceObjectPermissions(objectUri, permissions));
    }

    @Override
    public Uni<Void> deleteObjectPermissions(String... uriPatterns) {
        return deleteObjectPermissions.time(() -> backend.deleteObjectPermissions(uriPatterns));
    }

    @Override
    public Uni<Map<String, Set<String>>> getAccessibleObjects(Collection<String> principals, String uriPattern,
                                                              Collection<String> permissions) {
        return getAccessibleObjects.time(() -> backend.getAccessibleObjects(principals, uriPattern, permissions));
    }

    @Override
    public Uni<Set<String>> getAuthorizedPrincipals(Collection<Map.Entry<String, String>> objectPermissions) {
        return getAuthorizedPrincipals.time(() -> backend.getAuthorizedPrincipals(objectPermissions));
    }

    @Override
    public Uni<Set<String>> getUserPrincipals(Collection<String> userIds) {
        return getUserPrincipals.time(() -> backend.getUserPrincipals(userIds));
    }

    @Override
    public Uni<Void> addUserPrincipal(String userId, String principal) {
        return addUserPrincipal.time(() -> backend.addUserPrincipal(userId, principal));
    }

    @Override
    public Uni<Void> removeUserPrincipal(String userId, String principal) {
        return removeUserPrincipal.time(() -> backend.removeUserPrincipal(userId, principal));
    }

    @Override
    public Uni<Void> removePrincipal(String principal) {
        return removePrincipal.time(() -> backend.removePrincipal(principal));
    }

    @Override
    public Uni<Void> flush() {
        return flush.time(backend::flush);
    }

    @Override
    public Uni<Boolean> healthy() {
        return healthy.time(backend::healthy);
    }
}
