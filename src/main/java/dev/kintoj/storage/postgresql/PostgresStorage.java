package dev.kintoj.storage.postgresql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.postgresql.Database;
import dev.kintoj.postgresql.LikePatterns;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.ObjectNotFoundException;
import dev.kintoj.storage.ResourceCounts;
import dev.kintoj.storage.ReadonlyTimestampException;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.StoredObject;
import dev.kintoj.storage.UnicityException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Objects in Kinto's PostgreSQL layout (storage.md §2). Timestamps are assigned by the {@code bump_timestamp}
 * trigger under the list's lock, so they strictly increase per list whatever the number of writers and replicas.
 */
public class PostgresStorage implements Storage {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOMBSTONE_DATA = "{\"deleted\": true}";
    /** Reads an object row as (id, epoch ms, data text, deleted). */
    private static final String COLUMNS = "id, as_epoch(last_modified) AS last_modified, data::text AS data, deleted";

    /**
     * CTE after a physical deletion {@code gone}: the list timestamps do not go back (sync.md §2), so the newest
     * timestamp of the removed rows is kept in the timestamps table.
     */
    private static final String KEEP_LIST_TIMESTAMPS = ", kept AS (INSERT INTO timestamps (parent_id, resource_name, last_modified)"
            + " SELECT parent_id, resource_name, MAX(last_modified) FROM gone GROUP BY parent_id, resource_name"
            + " ON CONFLICT (parent_id, resource_name) DO UPDATE"
            + " SET last_modified = GREATEST(timestamps.last_modified, EXCLUDED.last_modified))";

    private final Database database;
    private final int maxFetchSize;
    private final boolean readonly;

    public PostgresStorage(Database database, int maxFetchSize) {
        this(database, maxFetchSize, false);
    }

    /** {@code readonly}: list timestamps are never written; a list no writable instance read cannot be served. */
    public PostgresStorage(Database database, int maxFetchSize, boolean readonly) {
        this.database = database;
        this.maxFetchSize = maxFetchSize;
        this.readonly = readonly;
    }

    /**
     * One object by its key, as the key index ({@code idx_objects_key}) has it: no other index can serve it. With the
     * plain columns, the generic plan made while the table was small took the list's index (the two cost alike then)
     * and scanned the whole list for every object read once it had grown; with the id alone compared plainly, a read
     * scanned every object of that id (a collection id that every user's default bucket has).
     */
    static final String BY_KEY = byKey(1);

    /** A live object by its key ({@link #BY_KEY}). */
    static final String GET = "SELECT " + COLUMNS + " FROM objects WHERE " + BY_KEY + " AND NOT deleted";

    /** {@link #peekAll} of one to four keys, the statements a read sends ahead. */
    private static final String[] PEEK_ALL = {peekAll(1), peekAll(2), peekAll(3), peekAll(4)};

    /** A live object turned into a tombstone ({@link #BY_KEY}; $4: its timestamp, or null for the list's next). */
    static final String TOMBSTONE = "UPDATE objects SET deleted = TRUE, data = '{\"deleted\": true}'::jsonb,"
            + " last_modified = from_epoch($4) WHERE " + BY_KEY + " AND NOT deleted"
            + " RETURNING as_epoch(last_modified) AS last_modified";

    /** A live object removed without a tombstone ({@link #BY_KEY}). */
    static final String REMOVE = "WITH gone AS (DELETE FROM objects WHERE " + BY_KEY + " AND NOT deleted"
            + " RETURNING parent_id, resource_name, last_modified)" + KEEP_LIST_TIMESTAMPS
            + " SELECT as_epoch(last_modified) AS last_modified FROM gone";

    /** The list timestamp as stored or derived from its newest object, read without writing anything (null if none). */
    static final String KNOWN_TIMESTAMP = """
            SELECT as_epoch(GREATEST(
                (SELECT last_modified FROM objects WHERE parent_id = $1 AND resource_name = $2
                  ORDER BY last_modified DESC LIMIT 1),
                (SELECT last_modified FROM timestamps WHERE parent_id = $1 AND resource_name = $2))) AS ts
            """;

    @Override
    public Uni<Optional<Long>> knownResourceTimestamp(String resource, String parentId) {
        return database.query(KNOWN_TIMESTAMP, Tuple.of(parentId, resource))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getLong("ts")));
    }

    @Override
    public Uni<Long> resourceTimestamp(String resource, String parentId) {
        if (readonly) {
            return knownResourceTimestamp(resource, parentId)
                    .map(ts -> ts.orElseThrow(ReadonlyTimestampException::new));
        }
        return database.lockList(parentId, resource).chain(() -> database.query("""
                WITH latest AS (
                    SELECT GREATEST(
                        (SELECT last_modified FROM objects WHERE parent_id = $1 AND resource_name = $2
                          ORDER BY last_modified DESC LIMIT 1),
                        (SELECT last_modified FROM timestamps WHERE parent_id = $1 AND resource_name = $2)) AS ts
                ), fixed AS (
                    INSERT INTO timestamps (parent_id, resource_name, last_modified)
                    SELECT $1, $2, date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC') FROM latest WHERE ts IS NULL
                    ON CONFLICT (parent_id, resource_name) DO NOTHING
                    RETURNING last_modified
                )
                SELECT as_epoch(COALESCE((SELECT ts FROM latest), (SELECT last_modified FROM fixed))) AS ts
                """, Tuple.of(parentId, resource)))
                .chain(rows -> {
                    Long ts = rows.iterator().next().getLong("ts");
                    // Null only when a concurrent first read inserted the list timestamp meanwhile: read it.
                    return ts != null ? Uni.createFrom().item(ts) : resourceTimestamp(resource, parentId);
                });
    }

    @Override
    public Uni<ObjectNode> create(String resource, String parentId, ObjectNode object) {
        String id = object.get("id").asText();
        return database.query("""
                INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted)
                VALUES ($1, $2, $3, from_epoch($4), $5::text::jsonb, FALSE)
                ON CONFLICT (id, parent_id, resource_name) DO UPDATE
                    SET data = EXCLUDED.data, deleted = FALSE, last_modified = EXCLUDED.last_modified
                    WHERE objects.deleted
                RETURNING as_epoch(last_modified) AS last_modified
                """, Tuple.of(id, parentId, resource, forcedTimestamp(object), storedData(object)))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return get(resource, parentId, id).map(existing -> {
                            throw new UnicityException(existing.orElseGet(object::deepCopy));
                        });
                    }
                    return Uni.createFrom().item(stored(object, id, rows.iterator().next().getLong("last_modified")));
                });
    }

    @Override
    public Uni<Optional<ObjectNode>> get(String resource, String parentId, String id) {
        return database.lockList(parentId, resource).chain(() -> peek(resource, parentId, id));
    }

    @Override
    public Uni<Optional<StoredObject>> getStored(String resource, String parentId, String id) {
        return database.lockList(parentId, resource).chain(() -> database.query(GET, Tuple.of(id, parentId, resource)))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(stored(rows.iterator().next())));
    }

    @Override
    public Uni<Optional<ObjectNode>> peek(String resource, String parentId, String id) {
        return database.query(GET, Tuple.of(id, parentId, resource))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(object(rows.iterator().next())));
    }

    @Override
    public Uni<List<Optional<StoredObject>>> peekAll(List<Key> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Object> parameters = new ArrayList<>(keys.size() * 3);
        for (Key key : keys) {
            parameters.add(key.id());
            parameters.add(key.parentId());
            parameters.add(key.resource());
        }
        String statement = keys.size() <= PEEK_ALL.length ? PEEK_ALL[keys.size() - 1] : peekAll(keys.size());
        return database.query(statement, Tuple.from(parameters)).map(rows -> {
            List<Optional<StoredObject>> found = new ArrayList<>(Collections.nCopies(keys.size(), Optional.empty()));
            for (Row row : rows) {
                found.set(row.getInteger("n"), Optional.of(stored(row)));
            }
            return found;
        });
    }

    /** {@link #GET} of each of {@code count} keys, numbered from 0 in column {@code n}: each keeps GET's plan. */
    static String peekAll(int count) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(" AS n, ").append(COLUMNS)
                    .append(" FROM objects WHERE ").append(byKey(3 * i + 1)).append(" AND NOT deleted");
        }
        return sql.toString();
    }

    /**
     * The condition on an object's key (parameters {@code $first} to {@code $first+2}: id, parent id, resource),
     * see {@link #BY_KEY}.
     */
    private static String byKey(int first) {
        return "(id || '') = $" + first + " AND (parent_id || '') = $" + (first + 1)
                + " AND (resource_name || '') = $" + (first + 2);
    }

    @Override
    public Uni<ObjectNode> update(String resource, String parentId, String id, ObjectNode object) {
        return database.query("""
                INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted)
                VALUES ($1, $2, $3, from_epoch($4), $5::text::jsonb, FALSE)
                ON CONFLICT (id, parent_id, resource_name) DO UPDATE
                    SET data = EXCLUDED.data, deleted = FALSE, last_modified = EXCLUDED.last_modified
                RETURNING as_epoch(last_modified) AS last_modified
                """, Tuple.of(id, parentId, resource, forcedTimestamp(object), storedData(object)))
                .map(rows -> stored(object, id, rows.iterator().next().getLong("last_modified")));
    }

    @Override
    public Uni<ObjectNode> delete(String resource, String parentId, String id, boolean withTombstone, Long lastModified) {
        Uni<RowSet<Row>> deleted = withTombstone
                ? database.query(TOMBSTONE, Tuple.of(id, parentId, resource, lastModified))
                : database.query(REMOVE, Tuple.of(id, parentId, resource));
        return deleted.map(rows -> {
            if (rows.rowCount() == 0) {
                throw new ObjectNotFoundException(resource, parentId, id);
            }
            return tombstone(id, withTombstone ? rows.iterator().next().getLong("last_modified") : System.currentTimeMillis());
        });
    }

    @Override
    public Uni<List<ObjectNode>> deleteAll(String resource, String parentId, ListQuery query, boolean withTombstones) {
        List<Object> parameters = new ArrayList<>();
        SqlConditions sql = new SqlConditions(parameters);
        String where = where(sql, resource, parentId, query, false);
        if (!withTombstones) {
            String statement = (query.limit() == null
                    // One scan: a row changed meanwhile is checked again against the conditions, as in any DELETE.
                    ? "WITH gone AS (DELETE FROM objects o WHERE " + where
                    // The first rows in an order (history trimming): reached back by address, see tombstonesInOrder.
                    // A row changed meanwhile is left for the next trimming.
                    : "WITH selected AS (SELECT ctid AS row_id FROM objects WHERE " + where
                      + " ORDER BY " + sql.orderBy(query.sorting()) + " LIMIT " + sql.bind(query.limit()) + " FOR UPDATE),"
                      + " gone AS (DELETE FROM objects o USING selected s WHERE o.ctid = s.row_id")
                    + " RETURNING o.id, o.parent_id, o.resource_name, o.last_modified)" + KEEP_LIST_TIMESTAMPS
                    + " SELECT id FROM gone";
            return database.query(statement, Tuple.from(parameters)).map(rows -> {
                long now = System.currentTimeMillis();
                List<ObjectNode> result = new ArrayList<>(rows.rowCount());
                for (Row row : rows) {
                    result.add(tombstone(row.getString("id"), now));
                }
                return result;
            });
        }
        String selected = "SELECT ctid AS row_id, parent_id, resource_name FROM objects WHERE " + where
                + " ORDER BY " + sql.orderBy(query.sorting())
                // unbounded unless asked: storage_max_fetch_size bounds reads
                + (query.limit() == null ? "" : " LIMIT " + sql.bind(query.limit())) + " FOR UPDATE";
        String statement = tombstonesInOrder(selected);
        return lockLists(resource, parentId, query)
                .chain(() -> database.query(statement, Tuple.from(parameters)))
                .map(rows -> {
                    List<ObjectNode> result = tombstones(rows);
                    result.sort((a, b) -> Long.compare(a.get("last_modified").longValue(), b.get("last_modified").longValue()));
                    return result;
                });
    }

    /**
     * Turns the rows {@code selected} returns (row_id, parent_id, resource_name: locked, in the query's order) into
     * tombstones with consecutive timestamps after their list's latest one, as the trigger would number them one by
     * one. A parent pattern (accounts: one list per account) spans several lists, each numbered on its own.
     * <p>
     * The rows are reached back by their physical address: a join through the key is planned from statistics, and a
     * list that grew since the last ANALYZE gets a nested loop over the list index, quadratic (10,000 records took
     * longer than the statement timeout). The address is safe here: the caller holds the lists' write locks, which
     * every writer of these rows takes, so the locked versions are the ones this statement sees.
     */
    static String tombstonesInOrder(String selected) {
        return "WITH selected AS (" + selected + "),"
                + " ordered AS (SELECT row_id, parent_id, resource_name, row_number() OVER () AS ordinal FROM selected),"
                + " numbered AS (SELECT row_id, parent_id, resource_name,"
                + "   row_number() OVER (PARTITION BY parent_id, resource_name ORDER BY ordinal) AS position FROM ordered),"
                + " bases AS (SELECT l.parent_id, l.resource_name, GREATEST(as_epoch(clock_timestamp() AT TIME ZONE 'UTC') - 1,"
                + "   (SELECT as_epoch(MAX(last_modified)) FROM objects m"
                + "     WHERE m.parent_id = l.parent_id AND m.resource_name = l.resource_name),"
                + "   (SELECT as_epoch(last_modified) FROM timestamps t"
                + "     WHERE t.parent_id = l.parent_id AND t.resource_name = l.resource_name)) AS ts"
                + "   FROM (SELECT DISTINCT parent_id, resource_name FROM selected) l)"
                + " UPDATE objects o SET deleted = TRUE, data = '" + TOMBSTONE_DATA + "'::jsonb,"
                + "   last_modified = from_epoch(b.ts + n.position)"
                + " FROM numbered n JOIN bases b ON b.parent_id = n.parent_id AND b.resource_name = n.resource_name"
                + " WHERE o.ctid = n.row_id"
                + " RETURNING o.id, as_epoch(o.last_modified) AS last_modified";
    }

    /** Takes the write lock of every list the deletion touches, in a fixed order (no deadlock between two such). */
    private Uni<Void> lockLists(String resource, String parentId, ListQuery query) {
        if (resource != null && parentId.indexOf('*') < 0) {
            return database.lockList(parentId, resource);
        }
        List<Object> parameters = new ArrayList<>();
        String lists = "SELECT DISTINCT parent_id, resource_name FROM objects WHERE "
                + where(new SqlConditions(parameters), resource, parentId, query, false) + " ORDER BY parent_id, resource_name";
        return database.query(lists, Tuple.from(parameters)).chain(rows -> {
            Uni<Void> locked = Uni.createFrom().voidItem();
            for (Row row : rows) {
                String parent = row.getString("parent_id");
                String name = row.getString("resource_name");
                locked = locked.chain(() -> database.lockList(parent, name));
            }
            return locked;
        });
    }

    @Override
    public Uni<Integer> purgeDeleted(String resource, String parentId, Long before, Integer maxRetained) {
        List<Object> parameters = new ArrayList<>();
        SqlConditions sql = new SqlConditions(parameters);
        StringBuilder scope = new StringBuilder(parentCondition(sql, parentId));
        if (resource != null) {
            scope.append(" AND resource_name = ").append(sql.bind(resource));
        }
        String cutoff = before == null ? null : "from_epoch(" + sql.bind(before) + "::bigint)";
        String purge = maxRetained == null
                ? "WITH purged AS (DELETE FROM objects WHERE deleted AND " + scope
                  + (cutoff == null ? "" : " AND last_modified < " + cutoff) + " RETURNING 1)"
                // The tombstones past the newest ones, reached back by address (see tombstonesInOrder): one recreated
                // meanwhile is a new row version, which the address no longer designates, so it is not purged.
                : "WITH purged AS (DELETE FROM objects o USING (SELECT ctid AS row_id, last_modified, row_number() OVER"
                  + " (PARTITION BY parent_id, resource_name ORDER BY last_modified DESC) AS rank"
                  + " FROM objects WHERE deleted AND " + scope + ") ranked"
                  + " WHERE o.ctid = ranked.row_id AND rank > " + sql.bind(Math.max(0, maxRetained))
                  + (cutoff == null ? "" : " AND ranked.last_modified < " + cutoff) + " RETURNING 1)";
        // Purged tombstones may hold a list's latest timestamp: it stays the list timestamp (sync.md §2), unless
        // the whole lists are forgotten (cascades).
        String statement = resource == null && before == null
                ? purge + ", forgotten AS (DELETE FROM timestamps WHERE " + parentCondition(sql, parentId)
                  + " RETURNING 1) SELECT (SELECT COUNT(*) FROM purged) AS purged, (SELECT COUNT(*) FROM forgotten) AS forgotten"
                : purge + ", kept AS (INSERT INTO timestamps (parent_id, resource_name, last_modified)"
                  + " SELECT parent_id, resource_name, MAX(last_modified) FROM objects WHERE deleted AND " + scope
                  + " GROUP BY parent_id, resource_name"
                  + " ON CONFLICT (parent_id, resource_name) DO UPDATE"
                  + " SET last_modified = GREATEST(timestamps.last_modified, EXCLUDED.last_modified) RETURNING 1)"
                  + " SELECT (SELECT COUNT(*) FROM purged) AS purged, (SELECT COUNT(*) FROM kept) AS kept";
        return database.query(statement, Tuple.from(parameters))
                .map(rows -> rows.iterator().next().getLong("purged").intValue());
    }

    @Override
    public Uni<List<ObjectNode>> listAll(String resource, String parentId, ListQuery query, boolean includeDeleted) {
        return listRows(resource, parentId, query, includeDeleted).map(rows -> {
            List<ObjectNode> result = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                result.add(object(row));
            }
            return result;
        });
    }

    @Override
    public Uni<List<StoredObject>> listStored(String resource, String parentId, ListQuery query, boolean includeDeleted) {
        return listRows(resource, parentId, query, includeDeleted).map(rows -> {
            List<StoredObject> result = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                result.add(stored(row));
            }
            return result;
        });
    }

    /** A row with its data text to send as it is when {@link JsonbText} vouches for it, else parsed. */
    private static StoredObject stored(Row row) {
        String id = row.getString("id");
        long lastModified = row.getLong("last_modified");
        String data = row.getString("data");
        String json = row.getBoolean("deleted") ? null : JsonbText.object(data, id, lastModified);
        return json == null ? StoredObject.of(object(row))
                : StoredObject.ofJson(json, lastModified, () -> object(id, lastModified, false, data));
    }

    private Uni<RowSet<Row>> listRows(String resource, String parentId, ListQuery query, boolean includeDeleted) {
        List<Object> parameters = new ArrayList<>();
        String statement = pageStatement(resource, parentId, query, includeDeleted, limit(query), parameters);
        return database.query(statement, Tuple.from(parameters));
    }

    /**
     * The page statement of a list (its parameters added to {@code parameters}). PostgreSQL may keep one generic plan
     * for it, made without the parameters' values, whatever the list (README, On PostgreSQL): on one list, the order
     * is the list index's (no tie-break, see {@link SqlConditions#orderBy(List, boolean)}) and data filters are not
     * taken as selective ({@link SqlConditions#allOfInPage}), so that the plan walks that index and stops at the
     * page's end, on a list of ten objects as on one of a million ({@code StorageQueryPlansTest}).
     */
    static String pageStatement(String resource, String parentId, ListQuery query, boolean includeDeleted, int limit,
                                List<Object> parameters) {
        SqlConditions sql = new SqlConditions(parameters);
        boolean oneList = resource != null && parentId.indexOf('*') < 0;
        return "SELECT " + COLUMNS + " FROM objects WHERE " + where(sql, resource, parentId, query, includeDeleted, oneList)
                + " ORDER BY " + sql.orderBy(query.sorting(), oneList) + " LIMIT " + sql.bind(limit);
    }

    @Override
    public Uni<Long> countAll(String resource, String parentId, List<Filter> filters) {
        List<Object> parameters = new ArrayList<>();
        SqlConditions sql = new SqlConditions(parameters);
        String statement = "SELECT COUNT(*) AS total FROM objects WHERE "
                + where(sql, resource, parentId, ListQuery.filtered(filters), false);
        return database.query(statement, Tuple.from(parameters)).map(rows -> rows.iterator().next().getLong("total"));
    }

    @Override
    public Uni<Map<String, ResourceCounts>> countPerResource() {
        String statement = "SELECT resource_name, COUNT(*) FILTER (WHERE NOT deleted) AS live,"
                + " COUNT(*) FILTER (WHERE deleted) AS tombstones FROM objects GROUP BY resource_name";
        return database.query(statement, Tuple.tuple()).map(rows -> {
            Map<String, ResourceCounts> counts = new HashMap<>();
            for (Row row : rows) {
                counts.put(row.getString("resource_name"), new ResourceCounts(row.getLong("live"), row.getLong("tombstones")));
            }
            return counts;
        });
    }

    @Override
    public Uni<Void> flush() {
        return database.query("TRUNCATE objects, timestamps", Tuple.tuple()).replaceWithVoid();
    }

    @Override
    public Uni<Boolean> healthy() {
        return database.healthy();
    }

    // ---------------------------------------------------------------- SQL pieces

    private static String where(SqlConditions sql, String resource, String parentId, ListQuery query, boolean includeDeleted) {
        return where(sql, resource, parentId, query, includeDeleted, false);
    }

    /** {@code page}: the filters as a page reads them ({@link SqlConditions#allOfInPage}). */
    private static String where(SqlConditions sql, String resource, String parentId, ListQuery query, boolean includeDeleted,
                                boolean page) {
        StringBuilder where = new StringBuilder(parentCondition(sql, parentId));
        if (resource != null) {
            where.append(" AND resource_name = ").append(sql.bind(resource));
        }
        if (!includeDeleted) {
            where.append(" AND NOT deleted");
        }
        if (!query.filters().isEmpty()) {
            where.append(" AND ").append(page ? sql.allOfInPage(query.filters()) : sql.allOf(query.filters()));
        }
        if (!query.paginationRules().isEmpty()) {
            where.append(" AND ").append(sql.anyOf(query.paginationRules()));
        }
        return where.toString();
    }

    /** Exact parent id, or a glob ({@code *} = any text) as a LIKE prefix scan on the C-collated column. */
    private static String parentCondition(SqlConditions sql, String parentId) {
        if (parentId.indexOf('*') < 0) {
            return "parent_id = " + sql.bind(parentId);
        }
        return "parent_id LIKE " + sql.bind(LikePatterns.glob(parentId));
    }

    private int limit(ListQuery query) {
        return query.limit() == null ? maxFetchSize + 1 : query.limit();
    }

    // ---------------------------------------------------------------- rows and documents

    private static Long forcedTimestamp(ObjectNode object) {
        JsonNode forced = object.get("last_modified");
        return forced != null && forced.canConvertToLong() ? forced.longValue() : null;
    }

    private static String storedData(ObjectNode object) {
        ObjectNode data = object.deepCopy();
        data.remove("id");
        data.remove("last_modified");
        return data.toString();
    }

    private static ObjectNode stored(ObjectNode object, String id, long lastModified) {
        ObjectNode result = object.deepCopy();
        result.remove("id");
        result.remove("last_modified");
        result.put("id", id);
        result.put("last_modified", lastModified);
        return result;
    }

    private static ObjectNode object(Row row) {
        return object(row.getString("id"), row.getLong("last_modified"), row.getBoolean("deleted"), row.getString("data"));
    }

    private static ObjectNode object(String id, long lastModified, boolean deleted, String text) {
        if (deleted) {
            return tombstone(id, lastModified);
        }
        ObjectNode data;
        try {
            data = (ObjectNode) MAPPER.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("Stored data of " + id + " is not a JSON object", e);
        }
        data.remove("id");
        data.remove("last_modified");
        data.put("id", id);
        data.put("last_modified", lastModified);
        return data;
    }

    private static ObjectNode tombstone(String id, long lastModified) {
        ObjectNode tombstone = MAPPER.createObjectNode();
        tombstone.put("id", id);
        tombstone.put("last_modified", lastModified);
        tombstone.put("deleted", true);
        return tombstone;
    }

    private static List<ObjectNode> tombstones(RowSet<Row> rows) {
        List<ObjectNode> result = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            result.add(tombstone(row.getString("id"), row.getLong("last_modified")));
        }
        return result;
    }
}
