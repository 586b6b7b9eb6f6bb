package dev.kintoj.permission.memory;

import dev.kintoj.memory.UndoLog;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.storage.InvalidValueException;
import io.smallrye.mutiny.Uni;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** In-memory ACLs; one monitor guards them, like the memory storage. */
public class MemoryPermissionBackend implements PermissionBackend {

    private final Map<String, Map<String, Set<String>>> acls = new HashMap<>();
    private final Map<String, Set<String>> userPrincipals = new HashMap<>();

    @Override
    public Uni<Map<String, Set<String>>> getObjectPermissions(String objectUri) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                return aclOf(objectUri);
            }
        });
    }

    @Override
    public Uni<Map<String, Map<String, Set<String>>>> getObjectsPermissions(Collection<String> objectUris) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                Map<String, Map<String, Set<String>>> result = new HashMap<>();
                objectUris.forEach(uri -> result.put(uri, aclOf(uri)));
                return result;
            }
        });
    }

    /** A copy of the object's ACL without empty permissions (the caller holds the monitor). */
    private Map<String, Set<String>> aclOf(String objectUri) {
        Map<String, Set<String>> result = new TreeMap<>();
        acls.getOrDefault(objectUri, Map.of()).forEach((perm, principals) -> {
            if (!principals.isEmpty()) {
                result.put(perm, new LinkedHashSet<>(principals));
            }
        });
        return result;
    }

    @Override
    public Uni<Void> replaceObjectPermissions(String objectUri, Map<String, Set<String>> permissions) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                // As PostgreSQL refuses them: the same request must not succeed on one backend only.
                permissions.values().forEach(principals -> principals.forEach(principal -> {
                    if (principal.indexOf('\0') >= 0) {
                        throw new InvalidValueException("\\u0000 cannot be stored in a principal");
                    }
                }));
                journalAcl(objectUri);
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
                        journalAcl(pattern);
                        acls.remove(pattern);
                    } else {
                        Pattern regex = Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
                        acls.keySet().stream().filter(uri -> regex.matcher(uri).matches()).toList().forEach(this::journalAcl);
                        acls.keySet().removeIf(uri -> regex.matcher(uri).matches());
                    }
                }
                return null;
            }
        });
    }

    @Override
    public Uni<Map<String, Set<String>>> getAccessibleObjects(Collection<String> principals, String uriPattern,
                                                              Collection<String> permissions) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                Pattern pattern = segmentPattern(uriPattern);
                Map<String, Set<String>> result = new TreeMap<>();
                acls.forEach((uri, acl) -> {
                    if (!pattern.matcher(uri).matches()) {
                        return;
                    }
                    acl.forEach((permission, holders) -> {
                        if (permissions.contains(permission) && holders.stream().anyMatch(principals::contains)) {
                            result.computeIfAbsent(uri, k -> new LinkedHashSet<>()).add(permission);
                        }
                    });
                });
                return result;
            }
        });
    }

    @Override
    public Uni<Set<String>> getAuthorizedPrincipals(Collection<Map.Entry<String, String>> objectPermissions) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                Set<String> principals = new LinkedHashSet<>();
                for (Map.Entry<String, String> pair : objectPermissions) {
                    principals.addAll(acls.getOrDefault(pair.getKey(), Map.of()).getOrDefault(pair.getValue(), Set.of()));
                }
                return principals;
            }
        });
    }

    @Override
    public Uni<Set<String>> getUserPrincipals(Collection<String> userIds) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                Set<String> principals = new LinkedHashSet<>();
                userIds.forEach(userId -> principals.addAll(userPrincipals.getOrDefault(userId, Set.of())));
                return principals;
            }
        });
    }

    @Override
    public Uni<Void> addUserPrincipal(String userId, String principal) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                journalUser(userId);
                userPrincipals.computeIfAbsent(userId, k -> new LinkedHashSet<>()).add(principal);
                return null;
            }
        });
    }

    @Override
    public Uni<Void> removeUserPrincipal(String userId, String principal) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                journalUser(userId);
                Set<String> principals = userPrincipals.get(userId);
                if (principals != null && principals.remove(principal) && principals.isEmpty()) {
                    userPrincipals.remove(userId);
                }
                return null;
            }
        });
    }

    @Override
    public Uni<Void> removePrincipal(String principal) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                List.copyOf(userPrincipals.keySet()).forEach(this::journalUser);
                userPrincipals.values().forEach(principals -> principals.remove(principal));
                userPrincipals.values().removeIf(Set::isEmpty);
                return null;
            }
        });
    }

    /** Records how to put back the object's ACL as it is now (the caller holds the monitor). */
    private void journalAcl(String objectUri) {
        Map<String, Set<String>> current = acls.get(objectUri);
        Map<String, Set<String>> copy = null;
        if (current != null) {
            copy = new HashMap<>();
            for (Map.Entry<String, Set<String>> entry : current.entrySet()) {
                copy.put(entry.getKey(), new LinkedHashSet<>(entry.getValue()));
            }
        }
        Map<String, Set<String>> previous = copy;
        UndoLog.record(() -> {
            synchronized (this) {
                if (previous == null) {
                    acls.remove(objectUri);
                } else {
                    acls.put(objectUri, previous);
                }
            }
        });
    }

    /** Records how to put back the user's principals as they are now (the caller holds the monitor). */
    private void journalUser(String userId) {
        Set<String> current = userPrincipals.get(userId);
        Set<String> previous = current == null ? null : new LinkedHashSet<>(current);
        UndoLog.record(() -> {
            synchronized (this) {
                if (previous == null) {
                    userPrincipals.remove(userId);
                } else {
                    userPrincipals.put(userId, previous);
                }
            }
        });
    }

    /** {@code *} within one path segment. */
    private static Pattern segmentPattern(String uriPattern) {
        return Pattern.compile(Pattern.quote(uriPattern).replace("*", "\\E[^/]*\\Q"));
    }

    @Override
    public Uni<Void> flush() {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                List.copyOf(acls.keySet()).forEach(this::journalAcl);
                List.copyOf(userPrincipals.keySet()).forEach(this::journalUser);
                acls.clear();
                userPrincipals.clear();
                return null;
            }
        });
    }

    @Override
    public Uni<Boolean> healthy() {
        return Uni.createFrom().item(Boolean.TRUE);
    }
}
