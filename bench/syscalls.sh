#!/usr/bin/env bash
# The system calls the service makes per authenticated record GET on PostgreSQL (storage, permission and cache):
# write, writev, read, sendto and recvfrom of every thread, counted by strace -c over a few seconds of wrk load.
# Each write to PostgreSQL on loopback also makes the kernel deliver it to the server on the spot, so fewer writes
# per request is less CPU on both sides. (Re)creates the database kintoj_syscalls and drops it at the end.
# Usage: bench/syscalls.sh [seconds] [connections]   (JVM jar, or APP=dir for another build's quarkus-app,
#   or RUNNER=path for the native binary)
# Environment: PORT (first port tried, 18990), PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-5}"
connections="${2:-4}"
heap=512m
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db=kintoj_syscalls
fail() { echo "bench/syscalls.sh: $*" >&2; exit 1; }
for tool in wrk curl psql strace awk; do
  command -v "$tool" > /dev/null || fail "$tool is missing (Debian: apt-get install -y wrk curl postgresql-client strace)"
done
source bench/lib.sh

fresh_database "$db"
start_service "${backends[@]}"
trap 'cleanup; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true' EXIT

record=/v1/buckets/bench/collections/items/records/r1
expect 201 PUT /v1/buckets/bench
expect 201 PUT /v1/buckets/bench/collections/items
expect 201 PUT "$record" '{"data": {"title": "one", "n": 1}}'
wrk -H "$auth" -t1 -c"$connections" -d5s "$base$record" > /dev/null  # JIT warm-up, not counted

strace -f -c -e trace=write,writev,read,sendto,recvfrom -p "$pid" -o "$tmp/strace" 2> /dev/null &
tracer=$!
sleep 1  # strace attaches to every thread first
out=$(wrk -H "$auth" -t1 -c"$connections" -d"${duration}s" "$base$record")
kill -INT "$tracer"
wait "$tracer" 2> /dev/null || true
requests=$(awk '/requests in/ {print $1}' <<< "$out")
[ -n "$requests" ] && [ "$requests" -gt 0 ] || fail "wrk made no request: $out"

echo "$runner, $requests record GETs with $connections connections (under strace, so slow)"
printf '| %-9s | %16s |\n' "call" "per record GET"
printf '|%s|%s|\n' "-----------" "------------------"
awk -v n="$requests" '$NF ~ /^(write|writev|read|sendto|recvfrom)$/ {printf "| %-9s | %16.2f |\n", $NF, $4 / n}' "$tmp/strace"
