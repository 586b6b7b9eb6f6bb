package dev.kintoj.auth;

import java.util.List;
import java.util.Map;

/**
 * permissions.md §3: for a check (resource, permission), every (ancestor-or-self resource, permission) whose ACL
 * entry grants it. {@code <resource>:list} is reading the object as the list of its children: the create
 * permissions that let a user read the object itself do not open its lists (they only count in the
 * shared-children fallback of §4.2).
 */
final class InheritedPermissions {

    record Grant(String resource, String permission) {
    }

    private static final Map<String, List<Grant>> TABLE = Map.ofEntries(
            Map.entry("bucket:read", grants("bucket", "write", "read", "collection:create", "group:create")),
            Map.entry("bucket:list", grants("bucket", "write", "read")),
            Map.entry("bucket:write", grants("bucket", "write")),
            Map.entry("bucket:collection:create", grants("bucket", "write", "collection:create")),
            Map.entry("bucket:group:create", grants("bucket", "write", "group:create")),
            Map.entry("group:read", concat(grants("bucket", "write", "read"), grants("group", "write", "read"))),
            Map.entry("group:write", concat(grants("bucket", "write"), grants("group", "write"))),
            Map.entry("collection:read", concat(grants("bucket", "write", "read"),
                    grants("collection", "write", "read", "record:create"))),
            Map.entry("collection:list", concat(grants("bucket", "write", "read"), grants("collection", "write", "read"))),
            Map.entry("collection:write", concat(grants("bucket", "write"), grants("collection", "write"))),
            Map.entry("collection:record:create", concat(grants("bucket", "write"),
                    grants("collection", "write", "record:create"))),
            Map.entry("record:read", concat(grants("bucket", "write", "read"), grants("collection", "write", "read"),
                    grants("record", "write", "read"))),
            Map.entry("record:write", concat(grants("bucket", "write"), grants("collection", "write"),
                    grants("record", "write"))),
            Map.entry("account:read", grants("account", "write", "read")),
            Map.entry("account:write", grants("account", "write")));

    private InheritedPermissions() {
    }

    /** The grants of a check; empty for an unknown (resource, permission). */
    static List<Grant> of(String resource, String permission) {
        return TABLE.getOrDefault(resource + ":" + permission, List.of());
    }

    private static List<Grant> grants(String resource, String... permissions) {
        return java.util.Arrays.stream(permissions).map(p -> new Grant(resource, p)).toList();
    }

    @SafeVarargs
    private static List<Grant> concat(List<Grant>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
