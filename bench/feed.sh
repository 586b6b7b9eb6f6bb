#!/usr/bin/env bash
# The live change feed on one instance (in-memory backends): events per second delivered to 100 subscribers of one
# collection while records are created in batches and when one DELETE removes them all (a burst), then the memory that 1,000 open subscriptions take (resident
# set size of the process, and heap in use after a full GC, each before and while they are open).
# Usage: bench/feed.sh [subscribers (100)] [records (2000)] [held subscribers (1000)]
# Environment: RUNNER (native binary), HEAP (-Xmx, 1g), PORT (first port tried, 18990). Needs node (20+) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers="${1:-100}"
records="${2:-2000}"
held="${3:-1000}"
heap="${HEAP:-1g}"
# shellcheck source=bench/lib.sh
source bench/lib.sh

fail() { echo "bench/feed.sh: $*" >&2; exit 1; }
for tool in node curl; do
  command -v "$tool" > /dev/null || fail "$tool is missing"
done

start_service KINTO_BATCH_MAX_REQUESTS=25
expect 201 PUT /v1/buckets/bench
expect 201 PUT /v1/buckets/bench/collections/feed
echo "service: $runner; idle CPU before: $(idle_cpu)"

# A warm-up round (JIT), then the measured one.
node bench/feed-clients.mjs deliver "$base" "${auth#Authorization: }" 10 500 > /dev/null
echo "delivery ($subscribers subscribers, $records records): $(node bench/feed-clients.mjs deliver "$base" "${auth#Authorization: }" "$subscribers" "$records")"

# Memory: RSS in kB from /proc; heap after a full GC from jcmd (JVM only).
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
heap_used() {
  if [ -z "${RUNNER:-}" ] && command -v jcmd > /dev/null; then
    jcmd "$pid" GC.run > /dev/null
    jcmd "$pid" GC.heap_info | awk '/garbage-first heap|used/ {for (i = 1; i <= NF; i++) if ($i == "used") {print $(i + 1); exit}}'
  else
    echo "n/a"
  fi
}
heap_before=$(heap_used); rss_before=$(rss)
marker="$tmp/open"
node bench/feed-clients.mjs hold "$base" "${auth#Authorization: }" "$held" "$marker" 30 &
holder=$!
for _ in $(seq 1 600); do [ -f "$marker" ] && break; sleep 0.1; done
[ -f "$marker" ] || fail "the $held subscriptions did not open within 60 s"
sleep 2
heap_open=$(heap_used); rss_open=$(rss)
kill "$holder" 2> /dev/null || true
wait "$holder" 2> /dev/null || true
echo "memory: $held open subscriptions: RSS $((rss_before / 1024)) MB -> $((rss_open / 1024)) MB;" \
     "heap after GC $heap_before -> $heap_open"
