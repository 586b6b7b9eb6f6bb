#!/usr/bin/env bash
# The two read scenarios of bench/postgresql.sh (one record, the 100-record list; basicauth, PostgreSQL backends)
# for comparing builds in the same time window: the database is made once, every build is started on it side by
# side and warmed up, then the rounds take the builds in turn, each round starting with another one (A B, B A, …),
# so that what else the machine does at a given time weighs on all alike. Prints one row per round, build and
# scenario, with the load average and the service's CPU time per request (from /proc: unlike req/s, it hardly
# depends on the rest of the machine).
# Usage: bench/reads.sh APP_A APP_B [APP_C…]   (quarkus-app directories of the builds: target/quarkus-app of each)
# Environment: ROUNDS (3), DURATION (seconds, 10), CONNECTIONS (32), HEAP (-Xmx, 512m), WARMUP (seconds per
#   scenario, 3), PREWARM (seconds of a warm-up run per scenario and build, repeated until the JIT is done, 20),
#   PORT (first port tried, 18990), PGHOST, PGPORT, PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/reads.sh APP_A APP_B [APP_C…]" >&2; exit 2; }
apps=("$@")
rounds="${ROUNDS:-3}"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-32}"
warmup="${WARMUP:-3}"
prewarm="${PREWARM:-20}"
heap="${HEAP:-512m}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db=kintoj_bench_reads
# shellcheck source=bench/lib.sh
source bench/lib.sh

fail() { echo "bench/reads.sh: $*" >&2; exit 1; }
for app in "${apps[@]}"; do [ -f "$app/quarkus-run.jar" ] || fail "no quarkus-run.jar in $app"; done
fresh_database "$db"
records=/v1/buckets/bench/collections/items/records
pids=()
bases=()
stop_all() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; }
for b in "${!apps[@]}"; do
  APP="${apps[$b]}" start_service "${backends[@]}"
  pids+=("$pid")
  bases+=("$base")
  trap 'stop_all; cleanup' EXIT
done
base="${bases[0]}"
pid="${pids[0]}"
expect 201 PUT /v1/buckets/bench
expect 201 PUT /v1/buckets/bench/collections/items
for i in $(seq 1 100); do
  expect 201 PUT "$records/r$i" "{\"data\":{\"n\":$i,\"title\":\"item $i\",\"tags\":[\"a\",\"b\"]}}"
done
for b in "${!apps[@]}"; do
  base="${bases[$b]}"
  pid="${pids[$b]}"
  expect 200 GET "$records/r50"
  expect 200 GET "$records"
  for target in "$records/r50" "$records"; do
    warm_up "$pid" "$prewarm" "$base$target"  # until the JIT is done with it; not measured
  done
done

echo "duration ${duration}s after ${warmup}s warm-up, ${connections} connections, wrk -t2, $(nproc) cores, $rounds rounds"
printf '| %-5s | %-5s | %-42s | %10s | %8s | %8s | %6s | %-16s | %-14s |\n' round build scenario req/s p50 p99 errors \
  "load (1 min)" "CPU us/request"
for round in $(seq 1 "$rounds"); do
  for k in "${!apps[@]}"; do
    b=$(( (k + round - 1) % ${#apps[@]} ))
    base="${bases[$b]}"
    pid="${pids[$b]}"
    name=$(printf "\\$(printf '%03o' $((65 + b)))")
    for s in "GET one record|$records/r50" "GET 100-record list|$records"; do
      scenario "${s%%|*}" "$base${s#*|}" > "$tmp/row"  # not in a subshell: it sets cpu_us
      row=$(cat "$tmp/row")
      load=$(cut -d' ' -f1 /proc/loadavg)
      echo "| $(printf '%-5s' "$round") | $(printf '%-5s' "$name") | ${row#| } $(printf '%-16s' "$load") | $(printf '%14s' "$cpu_us") |"
    done
  done
done
