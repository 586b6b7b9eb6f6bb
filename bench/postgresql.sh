#!/usr/bin/env bash
# Load scenarios against the service on the PostgreSQL backends (storage, permission, cache), with a collection of
# 1,000,000 records loaded by SQL, then pgbench on the same database as the raw yardsticks: its select-only rate,
# and the statements of one record GET replayed without the service.
# (Re)creates the database kintoj_bench (left in place afterwards, for bench/explain-postgresql.sh), starts the
# JVM jar (built if missing) or the native binary given with RUNNER=path on a free 127.0.0.1 port, and stops it
# at the end. Every request is authenticated (basicauth). Prints req/s and latency percentiles.
# Usage: bench/postgresql.sh [duration-seconds] [connections]
# Environment: RUNNER (native binary), HEAP (-Xmx, 512m), WARMUP (seconds per scenario, 3), PREWARM (seconds per
#   read scenario in a first round, 5), BIG_ROWS (1000000),
#   LOAD=explicit (default: last_modified computed from generate_series, trigger skipped) or LOAD=trigger (NULL,
#   numbered by the bump_timestamp trigger; LOAD_TIMEOUT, 900s), PORT (first port tried, 18990),
#   PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres). Only 127.0.0.1 traffic.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-32}"
warmup="${WARMUP:-3}"
prewarm="${PREWARM:-5}"
heap="${HEAP:-512m}"
big_rows="${BIG_ROWS:-1000000}"
load="${LOAD:-explicit}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db=kintoj_bench
# shellcheck source=bench/lib.sh
source bench/lib.sh

fail() { echo "bench/postgresql.sh: $*" >&2; exit 1; }
for tool in wrk curl psql pg_isready pgbench; do
  command -v "$tool" > /dev/null || fail "$tool is missing (Debian: apt-get install -y wrk curl postgresql-client)"
done
case "$load" in explicit|trigger) ;; *) fail "LOAD must be explicit or trigger, not '$load'" ;; esac

# 1. PostgreSQL up, a fresh database.
pg_isready -q -t 5 || fail "PostgreSQL is not accepting connections on $PGHOST:$PGPORT (user $PGUSER): start it first"
sql() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
fresh_database "$db"

# 2. The service on PostgreSQL.
start_service "${backends[@]}"

# 3. Bucket, collections and the 100 small records over HTTP; the 1M records of `big` by SQL.
expect 201 PUT /v1/buckets/bench
expect 201 PUT /v1/buckets/bench/collections/items
expect 201 PUT /v1/buckets/bench/collections/big
for i in $(seq 1 100); do
  expect 201 PUT "/v1/buckets/bench/collections/items/records/r$i" "{\"data\":{\"n\":$i,\"title\":\"item $i\",\"tags\":[\"a\",\"b\"]}}"
done

big="/buckets/bench/collections/big"
# Small records as a client would write them: Kinto-style UUID ids, a number, a title, one of four statuses.
data="jsonb_build_object('n', i, 'title', 'item ' || i, 'status', (ARRAY['open', 'closed', 'pending', 'archived'])[1 + i % 4])"
if [ "$load" = explicit ]; then
  # Distinct timestamps, one millisecond apart, ending one second ago. The session skips the bump_timestamp
  # trigger (session_replication_role, superuser only), which would keep these values anyway but costs a list lock
  # and a lookup of the list's latest row per row inserted.
  timestamp="from_epoch(as_epoch(now() AT TIME ZONE 'UTC') - 1000 - $big_rows + i)"
  session="SET session_replication_role = replica;"
else
  # NULL: the trigger numbers them (wall clock, or the previous one + 1 ms, so they run ahead of the clock). Its
  # lookup of the list's latest row may be planned as a sort of the whole list when the statistics say the list is
  # empty (after an ANALYZE), which makes the load quadratic: bounded by LOAD_TIMEOUT.
  timestamp="NULL"
  session="SET statement_timeout = '${LOAD_TIMEOUT:-900s}';"
fi
start=$(date +%s%N)
sql -d "$db" -c "$session" -c "INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted)
                 SELECT md5('big' || i)::uuid::text, '$big', 'record', $timestamp, $data, FALSE
                 FROM generate_series(1, $big_rows) AS i" || fail "loading $big_rows records failed (LOAD=$load)"
loaded=$(date +%s%N)
# As autovacuum would leave the table: statistics, visibility map (index-only scans), hint bits set.
sql -d "$db" -c "VACUUM (ANALYZE) objects"
analyzed=$(date +%s%N)
load_time=$(awk -v a="$start" -v b="$loaded" -v c="$analyzed" 'BEGIN { printf "%.1f s insert + %.1f s VACUUM (ANALYZE)", (b - a) / 1e9, (c - b) / 1e9 }')
since=$(sql -d "$db" -c "SELECT as_epoch(last_modified) FROM objects WHERE parent_id = '$big' AND resource_name = 'record'
                         ORDER BY last_modified DESC OFFSET 300 LIMIT 1")
newer=$(sql -d "$db" -c "SELECT count(*) FROM objects WHERE parent_id = '$big' AND resource_name = 'record'
                         AND last_modified > from_epoch($since)")

post_lua="$tmp/post.lua"
post_script "$post_lua"

# Each scenario answers as expected once before being measured.
records=/v1/buckets/bench/collections/items/records
big_records=/v1/buckets/bench/collections/big/records
expect 200 GET /v1/
expect 200 GET "$records/r50"
expect 200 GET "$records"
expect 201 POST "$records" '{"data":{"title":"created by curl","n":1}}'
expect 200 GET "$big_records?_limit=10"
expect 200 GET "$big_records?_since=$since&_limit=10"
expect 200 GET "$big_records?status=closed&_limit=10"

# 4. wrk (scenario, in bench/lib.sh).
idle_before=$(idle_cpu)

# The PostgreSQL path (reactive client, codecs) takes the JIT longer to compile than the in-memory one: a first
# round over the read scenarios, not measured, before each scenario's own warm-up.
for target in /v1/ "$records/r50" "$records" "$big_records?_limit=10" "$big_records?_since=$since&_limit=10"; do
  wrk -H "$auth" -t2 -c"$connections" -d"${prewarm}s" "$base$target" > /dev/null
done

echo "kintoj on PostgreSQL ($(sql -d "$db" -c 'SHOW server_version')), $runner"
echo "big: $big_rows records loaded (LOAD=$load) in $load_time; _since=$since leaves $newer newer records"
echo "CPU idle (other work on the machine) before the measurements: $idle_before"
echo "duration ${duration}s after ${warmup}s warm-up (and a first ${prewarm}s round over the reads), ${connections} connections, wrk -t2 on the same $(nproc)-core machine"
echo
printf '| %-42s | %10s | %8s | %8s | %6s |\n' "scenario" "req/s" "p50" "p99" "errors"
printf '|%s|%s|%s|%s|%s|\n' "--------------------------------------------" "------------" "----------" "----------" "--------"
scenario "GET /v1/" "$base/v1/"
scenario "GET one record" "$base$records/r50"
scenario "GET 100-record list" "$base$records"
scenario "POST a record" -s "$post_lua" "$base$records"
scenario "GET big page (_limit=10)" "$base$big_records?_limit=10"
scenario "GET big _since page (_limit=10)" "$base$big_records?_since=$since&_limit=10"
scenario "GET big filtered page (status, _limit=10)" "$base$big_records?status=closed&_limit=10"

items=$(sql -d "$db" -c "SELECT count(*) FROM objects WHERE parent_id = '/buckets/bench/collections/items'
                         AND resource_name = 'record'")
echo
echo "items holds $items records after the POST scenario; CPU idle after the measurements: $(idle_cpu)"

# The statements that one record GET sends (read from the server log with log_min_duration_statement = 0):
# the user's principals (user id and system.Authenticated) with the ACLs of the bucket, the collection and the
# record (the read check, then the record's permissions in the response), then the collection (parent check) with
# the record. Replayed one after the other by pgbench below, they give PostgreSQL's own ceiling for that request
# on this machine. pgbench reads :name as a variable: chr(58) is ':'.
userid=$(curl -sf --max-time 10 -H "$auth" "$base/v1/" | sed -n 's/.*"user":{"id":"\([^"]*\)".*/\1/p')
[ -n "$userid" ] || fail "no user id in GET /v1/"
userid_sql="'${userid%%:*}' || chr(58) || '${userid#*:}'"
record_get="$tmp/record-get.sql"
r50=/buckets/bench/collections/items/records/r50
cat > "$record_get" <<SQL
(SELECT DISTINCT 0 AS part, NULL::text AS object_id, NULL::text AS permission, principal FROM user_principals
  WHERE user_id = ANY(('{' || $userid_sql || ',system.Authenticated}')::text[]) ORDER BY principal)
UNION ALL (SELECT 1, o.object_id, e.permission, e.principal
  FROM unnest('{$r50,/buckets/bench/collections/items,/buckets/bench}'::text[]) AS o(object_id)
  CROSS JOIN LATERAL (SELECT a.permission, a.principal FROM access_control_entries a
                      WHERE a.object_id = o.object_id OFFSET 0) e ORDER BY e.permission, e.principal);
SELECT 0 AS n, id, as_epoch(last_modified) AS last_modified, data::text AS data, deleted FROM objects
  WHERE (id || '') = 'items' AND (parent_id || '') = '/buckets/bench' AND (resource_name || '') = 'collection'
  AND NOT deleted
UNION ALL SELECT 1 AS n, id, as_epoch(last_modified) AS last_modified, data::text AS data, deleted FROM objects
  WHERE (id || '') = 'r50' AND (parent_id || '') = '/buckets/bench/collections/items'
  AND (resource_name || '') = 'record' AND NOT deleted;
SQL

# The service is idle from here: stop it, so that pgbench has the machine and the connections.
kill "$pid" 2> /dev/null || true
wait "$pid" 2> /dev/null || true
pid=

echo
echo "EXPLAIN ANALYZE (bench/explain-postgresql.sh $since):"
bench/explain-postgresql.sh "$since"

# 5. Raw PostgreSQL yardsticks over TCP: pgbench's select-only transaction (one primary-key SELECT), and the two
# statements of one record GET as one pgbench transaction.
echo
pgbench -i -s 10 -q "$db" > "$tmp/pgbench-init.log" 2>&1 || { cat "$tmp/pgbench-init.log" >&2; fail "pgbench -i failed"; }
yardstick() {
  local name="$1" out tps latency; shift
  out=$(pgbench -n "$@" -c "$connections" -j 2 -T "$duration" "$db" 2>&1) || { echo "$out" >&2; fail "pgbench $* failed"; }
  tps=$(awk '/^tps/ {print $3}' <<< "$out")
  latency=$(awk '/^latency average/ {print $4, $5}' <<< "$out")
  echo "$name (pgbench ${*//$tmp\//} -c $connections -j 2 -T $duration): $tps tps, average latency $latency"
}
yardstick "select-only, scale 10" -S -M simple
yardstick "select-only, scale 10" -S -M prepared
yardstick "the 2 statements of a record GET" -M prepared -f "$record_get"
