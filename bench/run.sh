#!/usr/bin/env bash
# Load scenarios against a running service (default: starts the JVM jar, or the native binary given
# with RUNNER=path). Every request is authenticated (basicauth). Prints req/s and latency percentiles.
# Collection schemas are on (KINTO_EXPERIMENTAL_COLLECTION_SCHEMA_VALIDATION): only the "validated" collection has one.
# Usage: bench/run.sh [duration-seconds] [connections]
# Environment: RUNNER (native binary), HEAP (-Xmx, default 256m for the binary, the JVM's default otherwise),
#   OPTS (more options for the JVM or the binary, e.g. "-Xmn96m" for the binary's young generation), PORT, WARMUP.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-32}"
port="${PORT:-18890}"
base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install -y wrk)" >&2; exit 1; }

export KINTO_EXPERIMENTAL_COLLECTION_SCHEMA_VALIDATION=true
if [ -n "${RUNNER:-}" ]; then
  # shellcheck disable=SC2086 # OPTS: several options
  "$RUNNER" -Dquarkus.http.port="$port" -Xmx"${HEAP:-256m}" ${OPTS:-} > /tmp/kintoj-bench.log 2>&1 &
else
  [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
  # shellcheck disable=SC2086 # OPTS: several options
  java ${HEAP:+-Xmx$HEAP} ${OPTS:-} -Dquarkus.http.port="$port" -jar target/quarkus-app/quarkus-run.jar > /tmp/kintoj-bench.log 2>&1 &
fi
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "$base/v1/" > /dev/null; do sleep 0.05; done

json='Content-Type: application/json'
auth="Authorization: Basic $(printf 'bench:secret' | base64)"
curl -sf -H "$auth" -X PUT "$base/v1/buckets/bench" > /dev/null
curl -sf -H "$auth" -X PUT "$base/v1/buckets/bench/collections/items" > /dev/null
curl -sf -H "$auth" -X PUT "$base/v1/buckets/bench/collections/validated" -H "$json" -d '{"data":{"schema":{
  "type":"object","required":["title","n"],"additionalProperties":false,"properties":{
  "title":{"type":"string","maxLength":200},"n":{"type":"integer","minimum":0},
  "tags":{"type":"array","items":{"type":"string","pattern":"^[a-z]+$"},"uniqueItems":true}}}}}' > /dev/null
for i in $(seq 1 100); do
  curl -sf -H "$auth" -X PUT "$base/v1/buckets/bench/collections/items/records/r$i" -H "$json" \
       -d "{\"data\":{\"n\":$i,\"title\":\"item $i\",\"tags\":[\"a\",\"b\"]}}" > /dev/null
done

# A wrk script that POSTs one JSON body.
post_script() {
  local file
  file=$(mktemp)
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$1" > "$file"
  echo "$file"
}
post_script=$(post_script '{"data":{"title":"created by wrk","n":1}}')
validated_script=$(post_script '{"data":{"title":"created by wrk","n":1,"tags":["a","b","c"]}}')

scenario() {
  local name="$1"; shift
  local out
  wrk -H "$auth" -t2 -c"$connections" -d"${WARMUP:-3}s" "$@" > /dev/null  # JIT warm-up, not measured
  out=$(wrk -H "$auth" -t2 -c"$connections" -d"${duration}s" --latency "$@")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  # A scenario whose requests fail measures the error path: say so rather than print a fine-looking rate.
  local failed
  failed=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<< "$out")
  [ -z "$failed" ] || name="$name ($failed failed)"
  printf '| %-34s | %10s | %8s | %8s |\n' "$name" "$rps" "$p50" "$p99"
}

echo "duration ${duration}s after ${WARMUP:-3}s warm-up, ${connections} connections, wrk -t2 on the same 2-core machine"
printf '| %-34s | %10s | %8s | %8s |\n' "scenario" "req/s" "p50" "p99"
printf '|%s|%s|%s|%s|\n' "------------------------------------" "------------" "----------" "----------"
scenario "GET /v1/" "$base/v1/"
scenario "GET one record" "$base/v1/buckets/bench/collections/items/records/r50"
scenario "GET 100-record list" "$base/v1/buckets/bench/collections/items/records"
scenario "GET filtered+sorted page (_limit=10)" "$base/v1/buckets/bench/collections/items/records?min_n=20&_sort=-n&_limit=10"
scenario "POST a record" -s "$post_script" "$base/v1/buckets/bench/collections/items/records"
scenario "POST a record (schema validated)" -s "$validated_script" "$base/v1/buckets/bench/collections/validated/records"
rm -f "$post_script" "$validated_script"
