package dev.kintoj.permission.postgresql;

import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.postgresql.Database;
import dev.kintoj.postgresql.LikePatterns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ACLs and user principals in Kinto's PostgreSQL layout (storage.md §4). Statements run in the request's
 * transaction when it is on the same database, so storage and permission writes commit or roll back together.
 */
public class PostgresPermissionBackend implements PermissionBackend {

    /**
     * One primary-key probe per (object, permission) pair, whatever the statistics say: as a plain join, the plan
     * cached while the table was small (a hash join over a sequential scan) stays in use as it grows, costing a full
     * scan of the ACLs on every request until the next ANALYZE. OFFSET 0 keeps the lateral subquery from being
     * flattened into that join.
     */
    static final String AUTHORIZED_PRINCIPALS = "SELECT DISTINCT a.principal"
            + " FROM unnest($1::text[], $2::text[]) AS p(object_id, permission)"
            + " CROSS JOIN LATERAL (SELECT e.principal FROM access_control_entries e"
            + " WHERE e.object_id = p.object_id AND e.permission = p.permission OFFSET 0) a ORDER BY a.principal";

    /** The ACEs of several objects, one key probe per object (see {@link #AUTHORIZED_PRINCIPALS}). */
    static final String OBJECTS_PERMISSIONS = "SELECT o.object_id, e.permission, e.principal"
            + " FROM unnest($1::text[]) AS o(object_id)"
            + " CROSS JOIN LATERAL (SELECT a.permission, a.principal FROM access_control_entries a"
            + " WHERE a.object_id = o.object_id OFFSET 0) e ORDER BY e.permission, e.principal";

    /** The groups of users (one key range per user id). */
    static final String USER_PRINCIPALS = "SELECT DISTINCT principal FROM user_principals WHERE user_id = ANY($1::text[])"
            + " ORDER BY principal";

    /**
     * {@link #USER_PRINCIPALS} ($1) then {@link #OBJECTS_PERMISSIONS} ($2), each with its plan and order, told apart
     * by {@code part}.
     */
    static final String PRINCIPALS_AND_OBJECTS_PERMISSIONS = "(SELECT DISTINCT 0 AS part, NULL::text AS object_id,"
            + " NULL::text AS permission, principal FROM user_principals WHERE user_id = ANY($1::text[]) ORDER BY principal)"
            + " UNION ALL (SELECT 1, o.object_id, e.permission, e.principal"
            + " FROM unnest($2::text[]) AS o(object_id)"
            + " CROSS JOIN LATERAL (SELECT a.permission, a.principal FROM access_control_entries a"
            + " WHERE a.object_id = o.object_id OFFSET 0) e ORDER BY e.permission, e.principal)";

    private final Database database;

    public PostgresPermissionBackend(Database database) {
        this.database = database;
    }

    @Override
    public Uni<Map<String, Set<String>>> getObjectPermissions(String objectUri) {
        return database.query("SELECT permission, principal FROM access_control_entries WHERE object_id = $1"
                        + " ORDER BY permission, principal", Tuple.of(objectUri))
                .map(rows -> {
                    Map<String, Set<String>> acl = new TreeMap<>();
                    for (Row row : rows) {
                        acl.computeIfAbsent(row.getString("permission"), k -> new LinkedHashSet<>()).add(row.getString("principal"));
                    }
                    return acl;
                });
    }

    @Override
    public Uni<Map<String, Map<String, Set<String>>>> getObjectsPermissions(Collection<String> objectUris) {
        return database.query(OBJECTS_PERMISSIONS, Tuple.of(objectUris.toArray(String[]::new))).map(rows -> {
            Map<String, Map<String, Set<String>>> acls = emptyAcls(objectUris);
            rows.forEach(row -> addEntry(acls, row));
            return acls;
        });
    }

    @Override
    public Uni<PrincipalsAndPermissions> getUserPrincipalsAndObjectsPermissions(Collection<String> userIds,
                                                                                Collection<String> objectUris) {
        return database.query(PRINCIPALS_AND_OBJECTS_PERMISSIONS,
                Tuple.of(userIds.toArray(String[]::new), objectUris.toArray(String[]::new))).map(rows -> {
            Set<String> principals = new LinkedHashSet<>();
            Map<String, Map<String, Set<String>>> acls = emptyAcls(objectUris);
            for (Row row : rows) {
                if (row.getInteger("part") == 0) {
                    principals.add(row.getString("principal"));
                } else {
                    addEntry(acls, row);
                }
            }
            return new PrincipalsAndPermissions(principals, acls);
        });
    }

    private static Map<String, Map<String, Set<String>>> emptyAcls(Collection<String> objectUris) {
        Map<String, Map<String, Set<String>>> acls = new HashMap<>();
        objectUris.forEach(uri -> acls.put(uri, new TreeMap<>()));
        return acls;
    }

    private static void addEntry(Map<String, Map<String, Set<String>>> acls, Row row) {
        acls.get(row.getString("object_id"))
                .computeIfAbsent(row.getString("permission"), k -> new LinkedHashSet<>()).add(row.getString("principal"));
    }

    @Override
    public Uni<Void> replaceObjectPermissions(String objectUri, Map<String, Set<String>> permissions) {
        if (permissions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> wantedPermissions = new ArrayList<>();
        List<String> wantedPrincipals = new ArrayList<>();
        permissions.forEach((permission, principals) -> principals.forEach(principal -> {
            wantedPermissions.add(permission);
            wantedPrincipals.add(principal);
        }));
        // Entries kept are left in place, so the insert never meets a row deleted by the same statement. The
        // permission is compared as (permission || ''), the same value, so that no plan can use Kinto's index on that
        // column: a handful of names cover every row, yet on a table that grew since its last ANALYZE the planner
        // takes it for selective and ANDs it with the object index, reading the whole index on every ACL write.
        return database.query("""
                WITH wanted AS (
                    SELECT * FROM unnest($2::text[], $3::text[]) AS w(permission, principal)
                ), removed AS (
                    DELETE FROM access_control_entries a
                    WHERE a.object_id = $1 AND (a.permission || '') = ANY($4::text[])
                      AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.permission = a.permission AND w.principal = a.principal)
                )
                INSERT INTO access_control_entries (object_id, permission, principal)
                SELECT $1, permission, principal FROM wanted
                ON CONFLICT DO NOTHING
                """, Tuple.of(objectUri, wantedPermissions.toArray(String[]::new), wantedPrincipals.toArray(String[]::new),
                        permissions.keySet().toArray(String[]::new)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> deleteObjectPermissions(String... uriPatterns) {
        List<String> exact = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (String pattern : uriPatterns) {
            if (pattern.indexOf('*') < 0) {
                exact.add(pattern);
            } else {
                patterns.add(LikePatterns.glob(pattern));
            }
        }
        return database.query("DELETE FROM access_control_entries WHERE object_id = ANY($1::text[])"
                                + " OR object_id LIKE ANY($2::text[])",
                        Tuple.of(exact.toArray(String[]::new), patterns.toArray(String[]::new)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Map<String, Set<String>>> getAccessibleObjects(Collection<String> principals, String uriPattern,
                                                              Collection<String> permissions) {
        String[] principalArray = principals.toArray(String[]::new);
        String[] permissionArray = permissions.toArray(String[]::new);
        Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> rows = uriPattern.indexOf('*') < 0
                ? database.query("SELECT object_id, permission FROM access_control_entries"
                        + " WHERE object_id = $1 AND principal = ANY($2::text[]) AND permission = ANY($3::text[])",
                        Tuple.of(uriPattern, principalArray, permissionArray))
                // LIKE narrows by prefix on the index; the regular expression keeps * within one path segment.
                : database.query("SELECT object_id, permission FROM access_control_entries"
                        + " WHERE object_id LIKE $1 AND object_id ~ $2"
                        + " AND principal = ANY($3::text[]) AND permission = ANY($4::text[])",
                        Tuple.of(LikePatterns.glob(uriPattern), segmentRegex(uriPattern), principalArray, permissionArray));
        return rows.map(found -> {
            Map<String, Set<String>> result = new TreeMap<>();
            for (Row row : found) {
                result.computeIfAbsent(row.getString("object_id"), k -> new LinkedHashSet<>()).add(row.getString("permission"));
            }
            return result;
        });
    }

    @Override
    public Uni<Set<String>> getAuthorizedPrincipals(Collection<Map.Entry<String, String>> objectPermissions) {
        String[] objects = new String[objectPermissions.size()];
        String[] names = new String[objectPermissions.size()];
        int i = 0;
        for (Map.Entry<String, String> pair : objectPermissions) {
            objects[i] = pair.getKey();
            names[i++] = pair.getValue();
        }
        return database.query(AUTHORIZED_PRINCIPALS, Tuple.of(objects, names))
                .map(rows -> {
                    Set<String> principals = new LinkedHashSet<>();
                    rows.forEach(row -> principals.add(row.getString("principal")));
                    return principals;
                });
    }

    @Override
    public Uni<Set<String>> getUserPrincipals(Collection<String> userIds) {
        return database.query(USER_PRINCIPALS, Tuple.of(userIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> principals = new LinkedHashSet<>();
                    rows.forEach(row -> principals.add(row.getString("principal")));
                    return principals;
                });
    }

    @Override
    public Uni<Void> addUserPrincipal(String userId, String principal) {
        return database.query("INSERT INTO user_principals (user_id, principal) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                Tuple.of(userId, principal)).replaceWithVoid();
    }

    @Override
    public Uni<Void> removeUserPrincipal(String userId, String principal) {
        return database.query("DELETE FROM user_principals WHERE user_id = $1 AND principal = $2",
                Tuple.of(userId, principal)).replaceWithVoid();
    }

    @Override
    public Uni<Void> removePrincipal(String principal) {
        return database.query("DELETE FROM user_principals WHERE principal = $1", Tuple.of(principal)).replaceWithVoid();
    }

    @Override
    public Uni<Void> flush() {
        return database.query("TRUNCATE access_control_entries, user_principals", Tuple.tuple()).replaceWithVoid();
    }

    @Override
    public Uni<Boolean> healthy() {
        return database.healthy();
    }

    /** Anchored regular expression in which {@code *} matches within one path segment. */
    private static String segmentRegex(String glob) {
        StringBuilder regex = new StringBuilder("^");
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append("[^/]*");
            } else if ("\\^$.|?+()[]{}".indexOf(c) >= 0) {
                regex.append('\\').append(c);
            } else {
                regex.append(c);
            }
        }
        return regex.append('$').toString();
    }
}
