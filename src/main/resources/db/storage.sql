-- Storage layout of Kinto's PostgreSQL backend (storage schema 26, storage.md §2), created idempotently.
-- One transaction (a multi-statement script), serialised between replicas starting together.
SET LOCAL client_min_messages TO WARNING;
SELECT pg_advisory_xact_lock(7468127);

CREATE OR REPLACE FUNCTION as_epoch(ts TIMESTAMP) RETURNS BIGINT AS $$
    SELECT FLOOR(EXTRACT(EPOCH FROM ts) * 1000)::BIGINT;
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION from_epoch(epoch BIGINT) RETURNS TIMESTAMP AS $$
    SELECT (TIMESTAMP 'epoch' + epoch * INTERVAL '1 millisecond');
$$ LANGUAGE sql IMMUTABLE;

CREATE TABLE IF NOT EXISTS objects (
    -- Ids are not human language: the C collation makes parent_id prefix scans (LIKE '/buckets/b1/%') use the index.
    id TEXT COLLATE "C" NOT NULL,
    parent_id TEXT COLLATE "C" NOT NULL,
    resource_name TEXT COLLATE "C" NOT NULL,
    last_modified TIMESTAMP NOT NULL,
    data JSONB NOT NULL DEFAULT '{}'::JSONB,
    deleted BOOLEAN NOT NULL,
    PRIMARY KEY (id, parent_id, resource_name)
);
-- Two rows of a list never share a timestamp; it also serves _since/_before and the default -last_modified order.
CREATE UNIQUE INDEX IF NOT EXISTS idx_objects_parent_id_resource_name_last_modified
    ON objects (parent_id, resource_name, last_modified DESC);
-- Reads and deletions of one object by its key: compared as expressions, the key can be served by this index only.
-- With the plain columns, the generic plan of a prepared statement made while the table was small may take the list
-- index (a tie then) and keep it as the list grows; with the primary key on the id alone, a read scans every object
-- of that id, and ids repeat across parents (every user's default bucket has the same collection ids).
CREATE UNIQUE INDEX IF NOT EXISTS idx_objects_key ON objects ((id || ''), (parent_id || ''), (resource_name || ''));
CREATE INDEX IF NOT EXISTS idx_objects_last_modified_epoch ON objects (as_epoch(last_modified));
CREATE INDEX IF NOT EXISTS idx_objects_resource_name_parent_id_deleted ON objects (resource_name, parent_id, deleted);
CREATE INDEX IF NOT EXISTS idx_objects_parent_id_record_last_modified
    ON objects (parent_id, last_modified DESC) WHERE resource_name = 'record';
CREATE INDEX IF NOT EXISTS idx_objects_history_userid_and_resourcename
    ON objects ((data->'user_id'), (data->'resource_name')) WHERE resource_name = 'history';

CREATE TABLE IF NOT EXISTS timestamps (
    parent_id TEXT COLLATE "C" NOT NULL,
    resource_name TEXT COLLATE "C" NOT NULL,
    last_modified TIMESTAMP NOT NULL,
    PRIMARY KEY (parent_id, resource_name)
);

CREATE TABLE IF NOT EXISTS metadata (
    name VARCHAR(128) NOT NULL,
    value VARCHAR(512) NOT NULL
);
INSERT INTO metadata (name, value) SELECT 'created_at', NOW()::TEXT
    WHERE NOT EXISTS (SELECT 1 FROM metadata WHERE name = 'created_at');
INSERT INTO metadata (name, value) SELECT 'storage_schema_version', '26'
    WHERE NOT EXISTS (SELECT 1 FROM metadata WHERE name = 'storage_schema_version');

-- The write lock of one list (parent_id, resource_name), held until the end of the transaction. Every write to
-- a list takes it (in the trigger below), and the service takes it before the reads that guard a write, so
-- concurrent writers of a list, on any replica, are serialised: timestamps strictly increase in commit order
-- and an If-Match check cannot lose an update.
CREATE OR REPLACE FUNCTION kinto_lock_list(parent TEXT, resource TEXT) RETURNS VOID AS $$
    SELECT pg_advisory_xact_lock(hashtextextended(parent || chr(31) || resource, 7468127));
$$ LANGUAGE sql VOLATILE;

-- sync.md §2: previous = the list's greatest timestamp (rows and the timestamps table); current = the wall clock
-- in milliseconds, or previous + 1; a missing timestamp, or one equal to previous, becomes current.
CREATE OR REPLACE FUNCTION bump_timestamp() RETURNS trigger AS $$
DECLARE
    previous TIMESTAMP;
    current TIMESTAMP;
BEGIN
    PERFORM kinto_lock_list(NEW.parent_id, NEW.resource_name);
    SELECT GREATEST(
        (SELECT last_modified FROM objects
          WHERE parent_id = NEW.parent_id AND resource_name = NEW.resource_name
          ORDER BY last_modified DESC LIMIT 1),
        (SELECT last_modified FROM timestamps
          WHERE parent_id = NEW.parent_id AND resource_name = NEW.resource_name))
      INTO previous;
    current := date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC');
    IF previous IS NOT NULL AND previous >= current THEN
        current := previous + INTERVAL '1 millisecond';
    END IF;
    IF NEW.last_modified IS NULL OR (previous IS NOT NULL AND as_epoch(NEW.last_modified) = as_epoch(previous)) THEN
        NEW.last_modified := current;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql VOLATILE
-- The latest-row lookup must walk the (parent_id, resource_name, last_modified) index. On a list that grew since
-- the last ANALYZE, the planner believes it is tiny and may instead fetch the whole list through another index and
-- sort it: one full scan per insert, quadratic over a bulk load or a batch.
SET enable_sort = off;

-- Created once: replacing it would lock the table against the replicas already serving.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'tgr_objects_last_modified') THEN
        CREATE TRIGGER tgr_objects_last_modified
            BEFORE INSERT OR UPDATE OF data ON objects
            FOR EACH ROW EXECUTE PROCEDURE bump_timestamp();
    END IF;
END;
$$;
