#!/usr/bin/env bash
# The same wrk scenarios against two running Kinto-compatible services, in one run, side by side: for example this
# service and a reference Kinto. Prints req/s and p99 of each and the ratio A/B. Only ratios measured in one run
# mean something; absolute numbers depend on the machine and on what else runs on it (the idle CPU share is printed).
# Usage: bench/compare.sh BASE_URL_A BASE_URL_B [duration-seconds] [connections]
#   e.g. bench/compare.sh http://127.0.0.1:8888 http://127.0.0.1:8889 10 32
# Environment: LABEL_A, LABEL_B (column titles; default A, B), CREDENTIALS (basicauth user:password, default
#   bench:secret: both services must accept it and let it create a bucket, as Kinto's defaults do), WARMUP (s, 3).
# Each service gets a fresh bucket holding one collection of 100 records; the bucket is deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "bench/compare.sh: $*" >&2; exit 1; }
[ $# -ge 2 ] || fail "usage: bench/compare.sh BASE_URL_A BASE_URL_B [duration-seconds] [connections]"
urls=("${1%/}" "${2%/}")
labels=("${LABEL_A:-A}" "${LABEL_B:-B}")
duration="${3:-10}"
connections="${4:-32}"
warmup="${WARMUP:-3}"
for tool in wrk curl awk; do command -v "$tool" > /dev/null || fail "$tool is missing (Debian: apt-get install -y $tool)"; done
source bench/lib.sh
auth="Authorization: Basic $(printf '%s' "${CREDENTIALS:-bench:secret}" | base64 -w0)"
bucket="compare$(date +%s)"
tmp=$(mktemp -d)
cleanup() {
  for url in "${urls[@]}"; do curl -s -o /dev/null -H "$auth" -X DELETE "$url/v1/buckets/$bucket" || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# call URL STATUS METHOD PATH [BODY]: one checked request.
call() {
  local url="$1" status="$2" method="$3" target="$4" body="${5:-}" got
  local args=(-s --max-time 10 -o "$tmp/response" -w '%{http_code}' -H "$auth" -X "$method" "$url$target")
  [ -z "$body" ] || args+=(-H "$json" -d "$body")
  got=$(curl "${args[@]}") || got="curl failed ($?)"
  [ "$got" = "$status" ] || { head -c 600 "$tmp/response" >&2; echo >&2; fail "$method $url$target answered $got, expected $status"; }
}

collection="/v1/buckets/$bucket/collections/items"
for url in "${urls[@]}"; do
  call "$url" 200 GET /v1/
  call "$url" 201 PUT "/v1/buckets/$bucket"
  call "$url" 201 PUT "$collection"
  for i in $(seq 1 100); do
    call "$url" 201 PUT "$collection/records/r$i" "{\"data\":{\"n\":$i,\"title\":\"item $i\",\"tags\":[\"a\",\"b\"]}}"
  done
done
post_script "$tmp/post.lua"

# measure URL WRK-ARGS...: "req/s p99" of one measured run after a warm-up.
measure() {
  local url="$1" target="$2"; shift 2
  wrk -H "$auth" -t2 -c"$connections" -d"${warmup}s" "$@" "$url$target" > /dev/null
  local out
  out=$(wrk -H "$auth" -t2 -c"$connections" -d"${duration}s" --latency "$@" "$url$target")
  if grep -q "Non-2xx" <<< "$out"; then
    echo "non-2xx answers from $url$target:" >&2; echo "$out" >&2; fail "a scenario failed"
  fi
  awk '/Requests\/sec/ {rps = $2} $1 == "99%" {p99 = $2} END {print rps, p99}' <<< "$out"
}

# row NAME PATH [WRK-ARGS...]: A then B, the same scenario back to back.
row() {
  local name="$1" target="$2"; shift 2
  local a b
  read -r -a a <<< "$(measure "${urls[0]}" "$target" "$@")"
  read -r -a b <<< "$(measure "${urls[1]}" "$target" "$@")"
  printf '| %-30s | %10s | %8s | %10s | %8s | %7s |\n' "$name" "${a[0]}" "${a[1]}" "${b[0]}" "${b[1]}" \
      "$(awk -v x="${a[0]}" -v y="${b[0]}" 'BEGIN { printf "%.2f", (y > 0 ? x / y : 0) }')"
}

echo "bench/compare.sh: ${duration}s after ${warmup}s warm-up, ${connections} connections, wrk -t2; idle CPU before: $(idle_cpu)"
echo "A = ${labels[0]} (${urls[0]}), B = ${labels[1]} (${urls[1]})"
printf '| %-30s | %10s | %8s | %10s | %8s | %7s |\n' "scenario" "A req/s" "A p99" "B req/s" "B p99" "A/B"
printf '|%s|%s|%s|%s|%s|%s|\n' "--------------------------------" "------------" "----------" "------------" "----------" "---------"
row "GET /v1/" "/v1/"
row "GET one record" "$collection/records/r50"
row "GET 100-record list" "$collection/records"
row "GET filtered+sorted page" "$collection/records?min_n=20&_sort=-n&_limit=10"
row "GET _since page" "$collection/records?_since=0&_limit=10"
row "POST a record" "$collection/records" -s "$tmp/post.lua"
