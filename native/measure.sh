#!/usr/bin/env bash
# Measures the native binary: size, time from exec to the first answered GET /v1/, and RSS when idle.
# Usage: native/measure.sh [path-to-runner]   (default: target/*-runner)
set -euo pipefail
runner="${1:+$(realpath "$1")}"
cd "$(dirname "$0")/.."
runner="${runner:-$(ls "$PWD"/target/*-runner 2>/dev/null | head -1)}"
[ -x "$runner" ] || { echo "no native binary; build it with ./mvnw package -Dnative" >&2; exit 1; }
port="${PORT:-18888}"

echo "binary size: $(du -m "$runner" | cut -f1) MB"
start=$(date +%s%N)
"$runner" -Dquarkus.http.port="$port" -Xmx64m > /tmp/kintoj-measure.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/v1/" > /dev/null; do
  sleep 0.002
  kill -0 $pid 2>/dev/null || { cat /tmp/kintoj-measure.log; exit 1; }
done
end=$(date +%s%N)
echo "start to first response: $(( (end - start) / 1000000 )) ms"
sleep 2
echo "idle RSS: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB"
for i in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/v1/buckets" > /dev/null; done
echo "RSS after 200 requests: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB"
grep -o 'started in [0-9.]*s' /tmp/kintoj-measure.log | sed 's/^/quarkus reports: /'
