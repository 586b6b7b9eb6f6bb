#!/usr/bin/env bash
# Scale-to-zero proof: the time from process start to the first answered *authenticated record GET on PostgreSQL*
# (the request a woken-up instance must serve), for the JVM jar, the JVM with an AppCDS archive, and the native
# binary when one is built; plus RSS when idle and after 500 record GETs. Median (min-max) of N runs each.
# Usage: bench/coldstart.sh [runs]        (default 10)
# Environment: RUNNER (native binary; default target/*-runner when it exists), JAR (the packaged jar), NATIVE_HEAP (-Xmx, 64m),
#   NATIVE_OPTS (none), JVM_OPTS (none), AOT_JAVA (the java of a JDK 25+: adds a row with an AOT cache, JEP 483/514/515,
#   trained by 200 record GETs), PORT (18890), PGHOST/PGPORT (127.0.0.1:5432, user postgres). Database: kintoj_coldstart.
#   TOUCHED=1 (root only) adds a line for the native binary: its RSS when each page must come from the disk by itself.
# RSS counts the pages of the binary or the JDK that are mapped into the process (clean, shared, reclaimable) as well
# as its own memory; the anonymous part is the process' own. A fault on a page of a file also maps the neighbouring
# pages already in the page cache (the kernel's fault-around, 64 KB), so RSS counts more of the binary than the
# process reads. TOUCHED=1 measures what it reads: one start with the page cache dropped and the disk's read-ahead
# off (both restored), so every page comes in by a fault of its own. For the native binary a last line splits its
# resident pages between its code and its image heap.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
port="${PORT:-18890}"
native_heap="${NATIVE_HEAP:-64m}"
pg="${PGHOST:-127.0.0.1}:${PGPORT:-5432}"
db=kintoj_coldstart
jar="${JAR:-target/quarkus-app/quarkus-run.jar}"
base="http://127.0.0.1:$port/v1"
record="$base/buckets/cold/collections/c/records/r"
tmp=$(mktemp -d)
cds="$tmp/app-cds.jsa"
pid=
readahead_file=; readahead=
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2> /dev/null || true
  [ -z "$readahead_file" ] || echo "$readahead" > "$readahead_file"
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "bench/coldstart.sh: $*" >&2; exit 1; }
for tool in curl psql; do command -v "$tool" > /dev/null || fail "$tool is missing"; done

# The platform's environment: only DATABASE_URL, PORT and the secret.
export DATABASE_URL="postgresql://postgres:postgres@$pg/$db" PORT="$port" KINTO_USERID_HMAC_SECRET=coldstart
psql -q "postgresql://postgres:postgres@$pg/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
[ -f "$jar" ] || ./mvnw -q -B package -DskipTests

# One record to read, created through the service (which also creates the tables).
java -jar "$jar" > "$tmp/setup.log" 2>&1 & pid=$!
until curl -sf -o /dev/null "$base/"; do kill -0 "$pid" 2> /dev/null || { cat "$tmp/setup.log"; fail "setup run exited"; }; sleep 0.1; done
curl -sf -u cold:secret -X PUT "$base/buckets/cold" > /dev/null
curl -sf -u cold:secret -X PUT "$base/buckets/cold/collections/c" > /dev/null
curl -sf -u cold:secret -X PUT "$record" -H 'Content-Type: application/json' -d '{"data":{"n":1}}' > /dev/null
kill "$pid"; wait "$pid" 2> /dev/null || true; pid=

# The class archive, written by a `migrate` run on the same database (so the PostgreSQL classes are in it).
java -XX:ArchiveClassesAtExit="$cds" -jar "$jar" migrate > "$tmp/cds.log" 2>&1 || { cat "$tmp/cds.log"; fail "AppCDS run failed"; }

# The AOT cache (JDK 25+), written when a training run that served record GETs exits.
if [ -n "${AOT_JAVA:-}" ]; then
  "$AOT_JAVA" -XX:AOTCacheOutput="$tmp/app.aot" -jar "$jar" > "$tmp/aot.log" 2>&1 & pid=$!
  until curl -sf -o /dev/null -u cold:secret "$record"; do kill -0 "$pid" 2> /dev/null || { cat "$tmp/aot.log"; fail "AOT training run exited"; }; sleep 0.1; done
  for _ in $(seq 1 200); do curl -sf -o /dev/null -u cold:secret "$record"; done
  kill "$pid"; wait "$pid" 2> /dev/null || true; pid=
  [ -f "$tmp/app.aot" ] || { cat "$tmp/aot.log"; fail "no AOT cache written"; }
fi

# binary_pages PID BINARY: how much of the binary's own mappings is resident, its code apart from the rest (the image
# heap, mapped from the file too), in MB.
binary_pages() {
  python3 - "$1" "$(readlink -f "$2")" << 'PY'
import re, sys
pid, binary = sys.argv[1], sys.argv[2]
code = other = 0
mine = executable = False
for line in open(f"/proc/{pid}/smaps"):
    m = re.match(r"^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \d+\s*(.*)$", line)
    if m:
        mine, executable = m.group(2) == binary, "x" in m.group(1)
    elif mine and line.startswith("Rss:"):
        kb = int(line.split()[1])
        if executable:
            code += kb
        else:
            other += kb
print(f"{code / 1024:.1f} MB of its code and {other / 1024:.1f} MB of its image heap resident")
PY
}
rss() { echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$1/status") / 1024 )); }
anon() { echo $(( $(awk '/RssAnon/ {print $2}' "/proc/$1/status") / 1024 )); }
median() { sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%s (%s-%s)", m, a[1], a[NR]}'; }

# measure LABEL COMMAND...: one table row.
measure() {
  local label="$1"; shift
  : > "$tmp/start"; : > "$tmp/idle"; : > "$tmp/anon"; : > "$tmp/load"
  for _ in $(seq 1 "$runs"); do
    local begin end
    begin=$(date +%s%N)
    "$@" > "$tmp/run.log" 2>&1 & pid=$!
    until curl -sf -o /dev/null -u cold:secret "$record"; do
      kill -0 "$pid" 2> /dev/null || { tail -20 "$tmp/run.log"; fail "$label exited"; }
      sleep 0.002
    done
    end=$(date +%s%N)
    echo $(( (end - begin) / 1000000 )) >> "$tmp/start"
    sleep 1; rss "$pid" >> "$tmp/idle"; anon "$pid" >> "$tmp/anon"
    [ "$label" = "${label#native}" ] || binary_pages "$pid" "$1" > "$tmp/pages"
    for _ in $(seq 1 500); do curl -sf -o /dev/null -u cold:secret "$record"; done
    rss "$pid" >> "$tmp/load"
    kill "$pid"; wait "$pid" 2> /dev/null || true; pid=
  done
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(median < "$tmp/start")" "$(median < "$tmp/idle")" "$(median < "$tmp/anon")" "$(median < "$tmp/load")"
}

# touched BINARY ARGS...: idle RSS of one start that reads every page of the binary from the disk by a fault of its
# own (page cache dropped, read-ahead of the binary's disk off): the pages the process really touched.
touched() {
  [ "$(id -u)" = 0 ] || fail "TOUCHED=1 needs root (it drops the page cache and turns the disk's read-ahead off)"
  local dev
  dev=$(basename "$(findmnt -no SOURCE -T "$1")")
  [ ! -e "/sys/class/block/$dev/partition" ] || dev=$(basename "$(readlink -f "/sys/class/block/$dev/..")")
  readahead_file="/sys/class/block/$dev/queue/read_ahead_kb"
  [ -w "$readahead_file" ] || fail "cannot set $readahead_file"
  readahead=$(cat "$readahead_file")
  echo 0 > "$readahead_file"
  sync; echo 3 > /proc/sys/vm/drop_caches
  "$@" > "$tmp/run.log" 2>&1 & pid=$!
  until curl -sf -o /dev/null -u cold:secret "$record"; do
    kill -0 "$pid" 2> /dev/null || { tail -20 "$tmp/run.log"; fail "touched run exited"; }
    sleep 0.01
  done
  sleep 1
  echo "touched pages, idle (cold page cache, no read-ahead): RSS $(rss "$pid") MB, of which anonymous $(anon "$pid") MB; $(binary_pages "$pid" "$1")"
  for _ in $(seq 1 500); do curl -sf -o /dev/null -u cold:secret "$record"; done
  echo "touched pages after 500 GETs: RSS $(rss "$pid") MB, of which anonymous $(anon "$pid") MB; $(binary_pages "$pid" "$1")"
  kill "$pid"; wait "$pid" 2> /dev/null || true; pid=
  echo "$readahead" > "$readahead_file"; readahead_file=
}

echo "| runner | start to first authenticated record GET, ms | idle RSS, MB | of which anonymous, MB | RSS after 500 GETs, MB |"
echo "|--------|-------|-------|-------|-------|"
# shellcheck disable=SC2086
measure "JVM jar" java ${JVM_OPTS:-} -jar "$jar"
# shellcheck disable=SC2086
measure "JVM + AppCDS" java ${JVM_OPTS:-} -XX:SharedArchiveFile="$cds" -Xshare:on -jar "$jar"
if [ -n "${AOT_JAVA:-}" ]; then
  # shellcheck disable=SC2086
  measure "JVM $("$AOT_JAVA" -version 2>&1 | awk -F'"' 'NR==1 {print $2}') + AOT cache" "$AOT_JAVA" ${JVM_OPTS:-} -XX:AOTCache="$tmp/app.aot" -jar "$jar"
fi
runner="${RUNNER:-$(ls target/*-runner 2> /dev/null | head -1 || true)}"
if [ -n "$runner" ] && [ -x "$runner" ]; then
  # shellcheck disable=SC2086
  measure "native -Xmx$native_heap ${NATIVE_OPTS:-}" "$runner" -Xmx"$native_heap" ${NATIVE_OPTS:-}
  echo "native binary ($(( $(stat -c %s "$runner") / 1048576 )) MB), idle after its last start: $(cat "$tmp/pages")"
  # shellcheck disable=SC2086
  [ -z "${TOUCHED:-}" ] || touched "$runner" -Xmx"$native_heap" ${NATIVE_OPTS:-}
else
  echo "(no native binary: build it with ./mvnw package -Dnative, or give RUNNER=path)" >&2
fi
