package dev.kintoj.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The permissions a PUT or PATCH of an existing object writes, and the object's ACL after the write, computed from
 * the ACL it had rather than read back: the write and the response then cost no ACL read of their own.
 *
 * @param changes the permissions to replace (an empty set removes the permission), as the permission backend's
 *                {@code replaceObjectPermissions} takes them
 * @param after   the object's ACL once they are written, ordered as the backends return an ACL
 */
record AclWrite(Map<String, Set<String>> changes, Map<String, Set<String>> after) {

    /**
     * @param requested the requested permissions (a null value leaves that permission alone)
     * @param current   the object's ACL before the write
     * @param owner     the principal the owner rule adds to the writers (permissions.md §5), null when it is off
     */
    static AclWrite of(Map<String, List<String>> requested, Map<String, Set<String>> current, String owner) {
        Map<String, Set<String>> changes = new TreeMap<>();
        if (requested != null) {
            requested.forEach((permission, principals) -> {
                if (principals != null) {
                    changes.put(permission, new LinkedHashSet<>(principals));
                }
            });
        }
        if (owner != null) {
            Set<String> writers = new LinkedHashSet<>(changes.containsKey(ObjectService.WRITE)
                    ? changes.get(ObjectService.WRITE) : current.getOrDefault(ObjectService.WRITE, Set.of()));
            writers.add(owner);
            changes.put(ObjectService.WRITE, writers);
        }
        Map<String, Set<String>> after = new TreeMap<>();
        current.forEach((permission, principals) -> after.put(permission, new TreeSet<>(principals)));
        changes.forEach((permission, principals) -> {
            if (principals.isEmpty()) {
                after.remove(permission);
            } else {
                after.put(permission, new TreeSet<>(principals));
            }
        });
        return new AclWrite(changes, after);
    }
}
