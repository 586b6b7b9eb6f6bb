#!/usr/bin/env bash
# The two read scenarios of bench/postgresql.sh (one record, the 100-record list; basicauth, PostgreSQL backends)
# for comparing builds in the same time window: the database is made once, then the builds serve it in turn,
# A B A B… (or A B C A B C…), each after its own warm-up. Prints one row per round, build and scenario, with the
# load average.
# Usage: bench/reads.sh APP_A APP_B [APP_C…]   (quarkus-app directories of the builds: target/quarkus-app of each)
# Environment: ROUNDS (3), DURATION (seconds, 10), CONNECTIONS (32), HEAP (-Xmx, 512m), WARMUP (seconds per
#   scenario, 3), PREWARM (seconds per scenario after each start, 5), PORT (first port tried, 18990), PGHOST,
#   PGPORT, PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/reads.sh APP_A APP_B [APP_C…]" >&2; exit 2; }
apps=("$@")
rounds="${ROUNDS:-3}"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-32}"
warmup="${WARMUP:-3}"
prewarm="${PREWARM:-5}"
heap="${HEAP:-512m}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db=kintoj_bench_reads
# shellcheck source=bench/lib.sh
source bench/lib.sh

fail() { echo "bench/reads.sh: $*" >&2; exit 1; }
for app in "${apps[@]}"; do [ -f "$app/quarkus-run.jar" ] || fail "no quarkus-run.jar in $app"; done
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
url="postgresql://$PGUSER@$PGHOST:$PGPORT/$db"
backends=(KINTO_STORAGE_BACKEND=postgresql "KINTO_STORAGE_URL=$url" KINTO_PERMISSION_BACKEND=postgresql
          "KINTO_PERMISSION_URL=$url" KINTO_CACHE_BACKEND=postgresql "KINTO_CACHE_URL=$url")
stop_service() { kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; pid=; }

records=/v1/buckets/bench/collections/items/records
APP="${apps[0]}" start_service "${backends[@]}"
expect 201 PUT /v1/buckets/bench
expect 201 PUT /v1/buckets/bench/collections/items
for i in $(seq 1 100); do
  expect 201 PUT "$records/r$i" "{\"data\":{\"n\":$i,\"title\":\"item $i\",\"tags\":[\"a\",\"b\"]}}"
done
stop_service

echo "duration ${duration}s after ${warmup}s warm-up, ${connections} connections, wrk -t2, $(nproc) cores, $rounds rounds"
printf '| %-5s | %-5s | %-42s | %10s | %8s | %8s | %6s | %-16s |\n' round build scenario req/s p50 p99 errors "load (1 min)"
for round in $(seq 1 "$rounds"); do
  for b in "${!apps[@]}"; do
    APP="${apps[$b]}" start_service "${backends[@]}"
    expect 200 GET "$records/r50"
    expect 200 GET "$records"
    for target in "$records/r50" "$records"; do
      wrk -H "$auth" -t2 -c"$connections" -d"${prewarm}s" "$base$target" > /dev/null
    done
    name=$(printf "\\$(printf '%03o' $((65 + b)))")
    for s in "GET one record|$records/r50" "GET 100-record list|$records"; do
      row=$(scenario "${s%%|*}" "$base${s#*|}")
      load=$(cut -d' ' -f1 /proc/loadavg)
      echo "| $(printf '%-5s' "$round") | $(printf '%-5s' "$name") | ${row#| } $(printf '%-16s' "$load") |"
    done
    stop_service
  done
done
