package dev.kintoj.permission;

import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.Set;

/** Access control entries per object URI (storage.md §4). */
public interface PermissionBackend {

    /** The object's own ACL: permission name to principals; permissions without principals are absent. */
    Uni<Map<String, Set<String>>> getObjectPermissions(String objectUri);

    /** Replaces, for each permission name given, its principals (an empty set clears it); other names are untouched. */
    Uni<Void> replaceObjectPermissions(String objectUri, Map<String, Set<String>> permissions);

    /** Deletes the ACL of every object whose URI matches one of the patterns ({@code *} matches any text). */
    Uni<Void> deleteObjectPermissions(String... uriPatterns);

    Uni<Void> flush();

    Uni<Boolean> healthy();
}
