#!/usr/bin/env bash
# Attachment uploads and downloads (kinto-attachment API, local folder, files served by the service): MB/s of a
# multipart upload and of the download of the same file, and the JVM heap while a large file is uploaded (sampled
# with jstat every 100 ms). The heap limit is deliberately small: a service that buffered the upload would fail.
# Usage: bench/attachments.sh [size-MB]        (default 200)
# Environment: HEAP (-Xmx, 96m), RUNS (3), PORT (first port tried, 18990). Only 127.0.0.1 traffic.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-200}"
heap="${HEAP:-96m}"
runs="${RUNS:-3}"
# shellcheck source=bench/lib.sh
source bench/lib.sh

fail() { echo "bench/attachments.sh: $*" >&2; exit 1; }
for tool in curl jstat; do
  command -v "$tool" > /dev/null || fail "$tool is missing"
done
[ -z "${RUNNER:-}" ] || fail "jstat needs the JVM: unset RUNNER"

files=$(mktemp -d)
trap 'rm -rf "$files"' EXIT
start_service KINTO_INCLUDES=kinto_attachment "KINTO_ATTACHMENT_BASE_PATH=$files" \
              KINTO_ATTACHMENT_BASE_URL=/attachments/ KINTO_ATTACHMENT_EXTENSIONS=any KINTO_BUCKET_CREATE_PRINCIPALS=system.Authenticated
trap 'rm -rf "$files"; cleanup' EXIT
head -c "$((size_mb * 1024 * 1024))" /dev/urandom > "$tmp/upload.bin"
expect 201 PUT /v1/buckets/bench '{}'
expect 201 PUT /v1/buckets/bench/collections/files '{}'

# Heap samples (used bytes of all generations) while the service works.
sample_heap() { while kill -0 "$pid" 2> /dev/null; do jstat -gc "$pid" | awk 'NR == 2 {print ($3 + $4 + $6 + $8) * 1024}'; sleep 0.1; done; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }

printf '| %-9s | %8s | %12s | %14s | %12s |\n' "run" "size MB" "upload MB/s" "download MB/s" "max heap MB"
for run in $(seq 1 "$runs"); do
  sample_heap > "$tmp/heap" &
  sampler=$!
  upload=$(curl -s --max-time 600 -o "$tmp/answer" -w '%{http_code} %{time_total}' -H "$auth" \
                -F "attachment=@$tmp/upload.bin;filename=upload-$run.bin" \
                "$base/v1/buckets/bench/collections/files/records/r$run/attachment")
  kill "$sampler"; wait "$sampler" 2> /dev/null || true
  [ "${upload%% *}" = 201 ] || { cat "$tmp/answer" >&2; fail "upload answered ${upload%% *}"; }
  location=$(sed -E 's/.*"location":"([^"]+)".*/\1/' "$tmp/answer")
  download=$(curl -s --max-time 600 -o "$tmp/download.bin" -w '%{http_code} %{time_total}' "$base$location")
  [ "${download%% *}" = 200 ] || fail "download of $location answered ${download%% *}"
  cmp -s "$tmp/upload.bin" "$tmp/download.bin" || fail "the downloaded file differs from the upload"
  rm -f "$tmp/download.bin"
  max_heap=$(sort -n "$tmp/heap" | tail -n 1)
  printf '| %-9s | %8s | %12.0f | %14.0f | %12s |\n' "$run" "$size_mb" \
         "$(awk -v s="$size_mb" -v t="${upload#* }" 'BEGIN { print s / t }')" \
         "$(awk -v s="$size_mb" -v t="${download#* }" 'BEGIN { print s / t }')" "$(mb "${max_heap:-0}")"
done
echo "runner: $runner; idle CPU after the runs: $(idle_cpu)"
