package dev.kintoj.permission.memory;

import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** In-memory ACLs; one monitor guards them, like the memory storage. */
public class MemoryPermissionBackend implements PermissionBackend {

    private final Map<String, Map<String, Set<String>>> acls = new HashMap<>();

    @Override
    public Uni<Map<String, Set<String>>> getObjectPermissions(String objectUri) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                Map<String, Set<String>> result = new TreeMap<>();
                acls.getOrDefault(objectUri, Map.of()).forEach((perm, principals) -> {
                    if (!principals.isEmpty()) {
                        result.put(perm, new LinkedHashSet<>(principals));
                    }
                });
                return result;
            }
        });
    }

    @Override
    public Uni<Void> replaceObjectPermissions(String objectUri, Map<String, Set<String>> permissions) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                Map<String, Set<String>> acl = acls.computeIfAbsent(objectUri, k -> new HashMap<>());
                permissions.forEach((perm, principals) -> acl.put(perm, new LinkedHashSet<>(principals)));
                acl.values().removeIf(Set::isEmpty);
                if (acl.isEmpty()) {
                    acls.remove(objectUri);
                }
                return null;
            }
        });
    }

    @Override
    public Uni<Void> deleteObjectPermissions(String... uriPatterns) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                for (String pattern : uriPatterns) {
                    if (pattern.indexOf('*') < 0) {
                        acls.remove(pattern);
                    } else {
                        Pattern regex = Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
                        acls.keySet().removeIf(uri -> regex.matcher(uri).matches());
                    }
                }
                return null;
            }
        });
    }

    @Override
    public Uni<Void> flush() {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                acls.clear();
                return null;
            }
        });
    }

    @Override
    public Uni<Boolean> healthy() {
        return Uni.createFrom().item(Boolean.TRUE);
    }
}
