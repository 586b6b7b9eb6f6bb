-- Cache layout of Kinto's PostgreSQL backend (storage.md §5), created idempotently.
SET LOCAL client_min_messages TO WARNING;
SELECT pg_advisory_xact_lock(7468129);

CREATE TABLE IF NOT EXISTS cache (
    key VARCHAR(256) PRIMARY KEY,
    value TEXT NOT NULL,
    ttl TIMESTAMP DEFAULT NULL
);
CREATE INDEX IF NOT EXISTS idx_cache_ttl ON cache (ttl);
