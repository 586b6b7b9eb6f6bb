-- Permission layout of Kinto's PostgreSQL backend (permission schema 2, storage.md §4), created idempotently.
SET LOCAL client_min_messages TO WARNING;
SELECT pg_advisory_xact_lock(7468128);

CREATE TABLE IF NOT EXISTS access_control_entries (
    object_id TEXT COLLATE "C" NOT NULL,
    permission TEXT COLLATE "C" NOT NULL,
    principal TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (object_id, permission, principal)
);
CREATE INDEX IF NOT EXISTS idx_access_control_entries_object_id ON access_control_entries (object_id);
CREATE INDEX IF NOT EXISTS idx_access_control_entries_permission ON access_control_entries (permission);
CREATE INDEX IF NOT EXISTS idx_access_control_entries_principal ON access_control_entries (principal);

CREATE TABLE IF NOT EXISTS user_principals (
    user_id TEXT COLLATE "C" NOT NULL,
    principal TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (user_id, principal)
);

CREATE TABLE IF NOT EXISTS metadata (
    name VARCHAR(128) NOT NULL,
    value VARCHAR(512) NOT NULL
);
INSERT INTO metadata (name, value) SELECT 'permission_schema_version', '2'
    WHERE NOT EXISTS (SELECT 1 FROM metadata WHERE name = 'permission_schema_version');
