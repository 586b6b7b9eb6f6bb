#!/usr/bin/env bash
# Record creations one POST at a time against the same creations 25 at a time in POST /v1/batch (batch.md), on
# the in-memory backends (default) or on PostgreSQL (BACKEND=postgresql: database kintoj_bench_batch, recreated).
# Every request is authenticated (basicauth). Prints req/s, latency percentiles and records created per second.
# Usage: bench/batch.sh [duration-seconds] [connections]
# Environment: BACKEND (memory), BATCH (25 subrequests), RUNNER (native binary), HEAP (-Xmx, 2g), WARMUP (8 s),
#   PORT (first port tried, 18990), PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres). Only 127.0.0.1 traffic.
# The in-memory backends keep every record created (half a million in a run): with a 512 MB heap the service ends
# up collecting garbage rather than serving. The write path on PostgreSQL needs the longer warm-up to be compiled.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-32}"
warmup="${WARMUP:-8}"
heap="${HEAP:-2g}"
backend="${BACKEND:-memory}"
size="${BATCH:-25}"
# shellcheck source=bench/lib.sh
source bench/lib.sh

fail() { echo "bench/batch.sh: $*" >&2; exit 1; }
for tool in wrk curl; do
  command -v "$tool" > /dev/null || fail "$tool is missing (Debian: apt-get install -y wrk curl)"
done

case "$backend" in
  memory) start_service ;;
  postgresql)
    export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
    command -v psql > /dev/null || fail "psql is missing (Debian: apt-get install -y postgresql-client)"
    db=kintoj_bench_batch
    fresh_database "$db"
    start_service "${backends[@]}" ;;
  *) fail "BACKEND must be memory or postgresql, not '$backend'" ;;
esac

# One collection per scenario, so that both write into a list of the same size. (Not "batched": a subrequest
# path containing "/batch" is refused, as by Kinto.)
expect 201 PUT /v1/buckets/bench
expect 201 PUT /v1/buckets/bench/collections/single
expect 201 PUT /v1/buckets/bench/collections/grouped
requests=$(printf '{"body":{"data":{"title":"created by wrk","n":1}}},%.0s' $(seq 1 "$size"))
batch_body="{\"defaults\":{\"method\":\"POST\",\"path\":\"/buckets/bench/collections/grouped/records\"},\"requests\":[${requests%,}]}"
expect 201 POST /v1/buckets/bench/collections/single/records '{"data":{"title":"created by curl","n":1}}'
# And 32 collections for the scenarios where writers do not share one list (each request picks one at random).
for i in $(seq 1 32); do expect 201 PUT "/v1/buckets/bench/collections/c$i"; done
expect 200 POST /v1/batch "$batch_body"
grep -q '"status":201' "$tmp/response" || fail "the batch created nothing: $(head -c 300 "$tmp/response")"
! grep -q '"status":[^2]' "$tmp/response" || fail "a subrequest failed: $(head -c 600 "$tmp/response")"

single_script="$tmp/single.lua"
post_script "$single_script"
batch_script="$tmp/batch.lua"
post_script "$batch_script" "$batch_body"
spread_single="$tmp/spread-single.lua"
cat > "$spread_single" <<'LUA'
wrk.headers["Content-Type"] = "application/json"
request = function()
  return wrk.format("POST", "/v1/buckets/bench/collections/c" .. math.random(32) .. "/records", nil,
                    '{"data":{"title":"created by wrk","n":1}}')
end
LUA
spread_batch="$tmp/spread-batch.lua"
cat > "$spread_batch" <<LUA
wrk.headers["Content-Type"] = "application/json"
local requests = [[${requests%,}]]
request = function()
  local body = '{"defaults":{"method":"POST","path":"/buckets/bench/collections/c' .. math.random(32) .. '/records"},"requests":[' .. requests .. ']}'
  return wrk.format("POST", "/v1/batch", nil, body)
end
LUA

echo "kintoj on $backend, $runner"
echo "duration ${duration}s after ${warmup}s warm-up, ${connections} connections, wrk -t2 on the same $(nproc)-core machine"
echo
printf '| %-42s | %10s | %8s | %8s | %6s |\n' "scenario" "req/s" "p50" "p99" "errors"
printf '|%s|%s|%s|%s|%s|\n' "--------------------------------------------" "------------" "----------" "----------" "--------"
single=$(scenario "POST one record" -s "$single_script" "$base/v1/buckets/bench/collections/single/records")
echo "$single"
grouped=$(scenario "POST /v1/batch of $size record creations" -s "$batch_script" "$base/v1/batch")
echo "$grouped"
spread_single_row=$(scenario "POST one record, 32 collections" -s "$spread_single" "$base")
echo "$spread_single_row"
spread_batch_row=$(scenario "POST /v1/batch of $size, 32 collections" -s "$spread_batch" "$base")
echo "$spread_batch_row"
echo
# compare NAME SINGLE-ROW BATCH-ROW: records per second both ways, and what one batch costs in single POSTs.
compare() {
  local s b
  s=$(awk -F'|' '{gsub(/ /, "", $3); print $3}' <<< "$2")
  b=$(awk -F'|' '{gsub(/ /, "", $3); print $3}' <<< "$3")
  awk -v name="$1" -v s="$s" -v b="$b" -v n="$size" 'BEGIN {
    printf "%s: %.0f records/s one at a time, %.0f in batches of %d (%.1fx); a batch costs %.1f single POSTs\n",
           name, s, b * n, n, b * n / s, s / b }'
}
compare "one collection" "$single" "$grouped"
compare "32 collections" "$spread_single_row" "$spread_batch_row"
