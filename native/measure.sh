#!/usr/bin/env bash
# Measures the native binary: size, time from exec to the first answered GET /v1/, RSS when idle and after
# 200 authenticated record reads (basicauth is the default policy: anonymous reads of a private bucket are 401).
# Usage: native/measure.sh [path-to-runner]   (default: target/*-runner)
set -euo pipefail
runner="${1:+$(realpath "$1")}"
cd "$(dirname "$0")/.."
runner="${runner:-$(ls "$PWD"/target/*-runner 2>/dev/null | head -1)}"
[ -x "$runner" ] || { echo "no native binary; build it with ./mvnw package -Dnative" >&2; exit 1; }
port="${PORT:-18888}"
base="http://127.0.0.1:$port/v1"
log="$(mktemp -t kintoj-measure.XXXXXX.log)"
auth=(-u "measure:secret")

echo "binary size: $(du -m "$runner" | cut -f1) MB"
start=$(date +%s%N)
"$runner" -Dquarkus.http.port="$port" -Xmx64m > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
until curl -sf "$base/" > /dev/null; do
  sleep 0.002
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
done
end=$(date +%s%N)
echo "start to first response: $(( (end - start) / 1000000 )) ms"
sleep 2
echo "idle RSS: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB"
json='Content-Type: application/json'
curl -sf "${auth[@]}" -X PUT "$base/buckets/measure" > /dev/null
curl -sf "${auth[@]}" -X PUT "$base/buckets/measure/collections/c" > /dev/null
curl -sf "${auth[@]}" -X PUT "$base/buckets/measure/collections/c/records/r" -H "$json" -d '{"data":{"n":1}}' > /dev/null
for i in $(seq 1 200); do curl -sf "${auth[@]}" "$base/buckets/measure/collections/c/records/r" > /dev/null; done
echo "RSS after 200 authenticated record GETs: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB"
grep -o 'started in [0-9.]*s' "$log" | sed 's/^/quarkus reports: /'
