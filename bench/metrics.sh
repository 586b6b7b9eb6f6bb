#!/usr/bin/env bash
# The cost of the metrics plugins on the hot path: one record GET (basicauth; in-memory backends unless
# BACKEND=postgresql) against three services started side by side, without a metrics plugin, with
# kinto.plugins.prometheus and with kinto.plugins.statsd (its lines to a local UDP sink). The rounds alternate between the services so that what
# else the machine does at a given time weighs on all three alike; each prints its median req/s over the rounds and
# the loss against the service without plugin, and the CPU time the service itself spent per request (from
# /proc, user + system): unlike req/s, that cost hardly depends on what else the machine runs at the same time.
# A JVM's speed also depends on how its JIT happened to compile the hot path, which differs from one start to the
# next by more than the plugins cost: JVMS=n starts the three services n times (each time warmed up and measured for
# the given rounds) and the medians are over all rounds of all starts. The paired loss (and paired extra CPU) is the
# median, over the rounds, of each round's req/s (CPU per request) against the service without plugin in the same
# round: this machine's speed drifts by more than the plugins cost over a minute, so short rounds, many of them,
# compare best.
# Usage: bench/metrics.sh [rounds] [seconds-per-round] [connections]   (JVM jar; RUNNER=path for the native binary)
# Environment: JVMS (starts of the three services, default 1), WARMUP (s of a warm-up run, repeated until the JIT is
#   done, default 10), PORT (first port tried, default 18990), BACKEND (memory, the default, or postgresql: the
#   three services share one new database on the local server; PGHOST, PGPORT, PGUSER).
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "bench/metrics.sh: $*" >&2; exit 1; }
rounds="${1:-5}"
duration="${2:-10}"
connections="${3:-32}"
warmup="${WARMUP:-10}"
jvms="${JVMS:-1}"
heap=512m
backend="${BACKEND:-memory}"
for tool in wrk curl awk python3; do command -v "$tool" > /dev/null || fail "$tool is missing"; done
source bench/lib.sh
backends=()
case "$backend" in
  memory) ;;
  postgresql)
    export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
    fresh_database kintoj_bench_metrics ;;
  *) fail "BACKEND is memory or postgresql, not $backend" ;;
esac

names=(none prometheus statsd)
pids=()
service_pids=()
bases=()
root=$(mktemp -d)
cleanup_all() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  wait 2> /dev/null || true
  rm -rf "$root"
}
trap cleanup_all EXIT
trap 'exit 130' INT TERM

# A StatsD agent that reads and discards: the service's cost is the same as with a real one.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
while True: s.recv(65536)' > "$root/sink.port" &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$root/sink.port" ] && break; sleep 0.1; done
sink_port=$(cat "$root/sink.port")

# launch NAME ENV...: one service on the next free port; its base URL is appended to bases.
launch() {
  local name="$1"; shift
  local port="${next_port:-${PORT:-18990}}"
  while (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do port=$((port + 1)); done
  next_port=$((port + 1))
  if [ -n "${RUNNER:-}" ]; then
    env "${backends[@]}" "$@" "$RUNNER" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Xmx"$heap" > "$root/$name.log" 2>&1 &
  else
    [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
    env "${backends[@]}" "$@" java -Xmx"$heap" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -jar target/quarkus-app/quarkus-run.jar > "$root/$name.log" 2>&1 &
  fi
  pids+=($!)
  service_pids+=($!)
  bases+=("http://127.0.0.1:$port")
}

record=/v1/buckets/bench/collections/items/records/r1
declare -A results cpus
echo "record GET ($backend backends), $jvms x $rounds rounds of ${duration}s, $connections connections, wrk -t2, idle CPU before: $(idle_cpu)"
for start in $(seq 1 "$jvms"); do
  service_pids=()
  bases=()
  launch none
  launch prometheus KINTO_INCLUDES=kinto.plugins.prometheus
  launch statsd KINTO_INCLUDES=kinto.plugins.statsd KINTO_STATSD_URL="udp://127.0.0.1:$sink_port"

  for i in 0 1 2; do
    base="${bases[$i]}"
    for _ in $(seq 1 1200); do curl -sf --max-time 2 "$base/v1/" > /dev/null && break; sleep 0.1; done
    curl -sf --max-time 2 "$base/v1/" > /dev/null || { tail -n 30 "$root/${names[$i]}.log" >&2; fail "${names[$i]} did not start"; }
    for target in /v1/buckets/bench /v1/buckets/bench/collections/items; do
      curl -sf -o /dev/null -H "$auth" -X PUT "$base$target" || fail "PUT $target on ${names[$i]}"
    done
    curl -sf -o /dev/null -H "$auth" -H "$json" -X PUT "$base$record" -d '{"data":{"title":"one","n":1}}' \
      || fail "PUT $record on ${names[$i]}"
    warm_up "${service_pids[$i]}" "$warmup" "$base$record"  # until the JIT is done with it; not measured
  done

  for round in $(seq 1 "$rounds"); do
    line="start $start round $round:"
    # Each round starts with another service: none of them always runs right after the same one.
    for k in 0 1 2; do
      i=$(( (k + round) % 3 ))
      before=$(cpu_ticks "${service_pids[$i]}")
      out=$(wrk -H "$auth" -t2 -c"$connections" -d"${duration}s" "${bases[$i]}$record")
      after=$(cpu_ticks "${service_pids[$i]}")
      rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
      cpu=$(cpu_per_request $((after - before)) "$out")
      results[$i]="${results[$i]:-} $rps"
      cpus[$i]="${cpus[$i]:-} $cpu"
      line="$line ${names[$i]} $rps (${cpu} us CPU)"
    done
    echo "$line"
  done
  for p in "${service_pids[@]}"; do kill "$p" 2> /dev/null || true; wait "$p" 2> /dev/null || true; done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
base_median=$(median <<< "${results[0]}")
base_cpu=$(median <<< "${cpus[0]}")
# ratios A B: the ratio of each round's value in A to the same round's in B (the rounds run back to back).
ratios() { paste <(tr ' ' '\n' <<< "$1" | grep .) <(tr ' ' '\n' <<< "$2" | grep .) | awk '{print $1 / $2}' | tr '\n' ' '; }
printf '| %-10s | %12s | %6s | %11s | %18s | %9s | %16s |\n' "plugin" "median req/s" "loss" "paired loss" "CPU us per request" "extra CPU" "paired extra CPU"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "------------" "--------------" "--------" "-------------" "--------------------" "-----------" "------------------"
for i in 0 1 2; do
  m=$(median <<< "${results[$i]}")
  c=$(median <<< "${cpus[$i]}")
  paired=$(median <<< "$(ratios "${results[$i]}" "${results[0]}")")
  paired_cpu=$(median <<< "$(ratios "${cpus[$i]}" "${cpus[0]}")")
  printf '| %-10s | %12.0f | %5.1f%% | %10.1f%% | %18.1f | %8.1f%% | %15.1f%% |\n' "${names[$i]}" "$m" \
    "$(awk -v m="$m" -v b="$base_median" 'BEGIN {print 100 * (1 - m / b)}')" \
    "$(awk -v r="$paired" 'BEGIN {print 100 * (1 - r)}')" "$c" \
    "$(awk -v c="$c" -v b="$base_cpu" 'BEGIN {print 100 * (c / b - 1)}')" \
    "$(awk -v r="$paired_cpu" 'BEGIN {print 100 * (r - 1)}')"
done
