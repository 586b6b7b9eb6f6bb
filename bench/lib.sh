# Shared by the benchmark scripts (sourced): the service under test, checked requests and wrk scenarios.
# The sourcing script defines fail() and the heap size in $heap; ports are tried from $PORT (default 18990).

# fresh_database NAME: drops and creates the database NAME on the local PostgreSQL server (PGHOST, PGPORT, PGUSER,
# exported by the caller), failing with a message when the server does not answer; sets url to it and backends to
# the environment that puts storage, permission and cache on it (for start_service).
fresh_database() {
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" \
    || fail "PostgreSQL is not accepting connections on $PGHOST:$PGPORT (user $PGUSER): start it first"
  url="postgresql://$PGUSER@$PGHOST:$PGPORT/$1"
  backends=(KINTO_STORAGE_BACKEND=postgresql "KINTO_STORAGE_URL=$url" KINTO_PERMISSION_BACKEND=postgresql
            "KINTO_PERMISSION_URL=$url" KINTO_CACHE_BACKEND=postgresql "KINTO_CACHE_URL=$url")
}

# start_service [NAME=VALUE...]: starts the JVM jar (built if missing; APP=dir: another build's quarkus-app
# directory), or the native binary given with RUNNER=path, with these environment variables on the first free 127.0.0.1 port, and waits until it answers.
# Sets tmp (removed at exit), pid, base, log and runner; the service is stopped at exit.
start_service() {
  tmp=$(mktemp -d)
  pid=
  cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then
      kill "$pid" 2> /dev/null || true
      wait "$pid" 2> /dev/null || true
    fi
    rm -rf "$tmp"
  }
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  port="${PORT:-18990}"
  while (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do
    port=$((port + 1))
    [ "$port" -lt "$(( ${PORT:-18990} + 100 ))" ] || fail "no free port from ${PORT:-18990}"
  done
  base="http://127.0.0.1:$port"
  log="$tmp/service.log"
  if [ -n "${RUNNER:-}" ]; then
    env "$@" "$RUNNER" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Xmx"$heap" > "$log" 2>&1 &
    runner="native $(basename "$RUNNER") -Xmx$heap"
  else
    local app="${APP:-target/quarkus-app}"
    [ -n "${APP:-}" ] || [ -f "$app/quarkus-run.jar" ] || ./mvnw -q -B package -DskipTests
    env "$@" java -Xmx"$heap" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -jar "$app/quarkus-run.jar" > "$log" 2>&1 &
    runner="JVM $(java -version 2>&1 | head -n 1) -Xmx$heap"
  fi
  pid=$!
  service_failed() { echo "--- service log (last lines)" >&2; tail -n 30 "$log" >&2; fail "$*"; }
  for _ in $(seq 1 1200); do
    curl -sf --max-time 2 "$base/v1/" > /dev/null && break
    kill -0 "$pid" 2> /dev/null || service_failed "the service exited during startup"
    sleep 0.1
  done
  curl -sf --max-time 2 "$base/v1/" > /dev/null || service_failed "the service did not answer within 120 s"
}

json='Content-Type: application/json'
auth="Authorization: Basic $(printf 'bench:secret' | base64)"
# expect STATUS METHOD URL [BODY]: one request, failing loudly with the response when the status differs.
expect() {
  local status="$1" method="$2" target="$3" body="${4:-}" got
  local args=(-s --max-time 10 -o "$tmp/response" -w '%{http_code}' -H "$auth" -X "$method" "$base$target")
  [ -z "$body" ] || args+=(-H "$json" -d "$body")
  got=$(curl "${args[@]}") || got="curl failed ($?)"
  [ "$got" = "$status" ] || { echo "response:" >&2; head -c 600 "$tmp/response" >&2; echo >&2
                              service_failed "$method $target answered $got, expected $status"; }
}

# compiler_ticks PID: CPU time so far of the JVM's JIT compiler threads (C1 and C2), in clock ticks (/proc).
compiler_ticks() {
  local t n=0
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2> /dev/null)" in
      C1\ Compiler*|C2\ Compiler*) n=$((n + $(awk '{print $14 + $15}' "$t/stat" 2> /dev/null || echo 0))) ;;
    esac
  done
  echo "$n"
}

# warm_up PID SECONDS WRK-ARGS...: wrk runs of SECONDS until the JIT compilers of the JVM PID are done with the
# scenario (they used under a tenth of a second in the last run), for 2 minutes at most: on a slow or shared
# machine a fixed warm-up left a build's C2 compiler taking a whole core for minutes of the measured rounds. A
# native binary (no compiler threads) gets one run.
warm_up() {
  local wpid="$1" seconds="$2" before after limit=$((SECONDS + 120))
  shift 2
  while :; do
    before=$(compiler_ticks "$wpid")
    wrk -H "$auth" -t2 -c"${connections:-32}" -d"${seconds}s" "$@" > /dev/null
    after=$(compiler_ticks "$wpid")
    [ $(( (after - before) * 10 )) -ge "$(getconf CLK_TCK)" ] && [ "$SECONDS" -lt "$limit" ] || break
  done
}

# cpu_ticks PID: the process' user + system CPU time so far, in clock ticks (/proc).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# cpu_per_request TICKS WRK-OUTPUT: microseconds of CPU per request (one decimal) of TICKS spent over wrk's requests.
cpu_per_request() {
  awk -v t="$1" -v hz="$(getconf CLK_TCK)" '/requests in/ {printf "%.1f", t * 1e6 / hz / $1}' <<< "$2"
}

# scenario NAME WRK-ARGS...: a warm-up run, then the measured one; prints one row of the results table and sets
# cpu_us to the service's CPU time per request in the measured run (microseconds, from /proc: unlike req/s, it
# hardly depends on what else the machine runs at the same time; 0 when no service of ours runs, $pid unset).
scenario() {
  local name="$1"; shift
  local out rps p50 p99 errors before after
  wrk -H "$auth" -t2 -c"$connections" -d"${warmup}s" "$@" > /dev/null  # JIT warm-up, not measured
  before=$( [ -n "${pid:-}" ] && cpu_ticks "$pid" || echo 0)
  out=$(wrk -H "$auth" -t2 -c"$connections" -d"${duration}s" --latency "$@")
  after=$( [ -n "${pid:-}" ] && cpu_ticks "$pid" || echo 0)
  cpu_us=$(cpu_per_request $((after - before)) "$out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  # Non-2xx answers and socket errors (connect, read, write, timeout) in the measured run.
  errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/[^0-9 ]/, " "); n += $1 + $2 + $3 + $4} END {print n + 0}' <<< "$out")
  printf '| %-42s | %10s | %8s | %8s | %6s |\n' "$name" "$rps" "$p50" "$p99" "$errors"
}

# Idle CPU share over one second (from /proc/stat): other work on the machine skews the numbers.
idle_cpu() {
  local a b
  a=($(head -n 1 /proc/stat)); sleep 1; b=($(head -n 1 /proc/stat))
  awk -v i0="${a[4]}" -v i1="${b[4]}" -v t0="$(IFS=+; echo "$((${a[*]:1}))")" -v t1="$(IFS=+; echo "$((${b[*]:1}))")" \
      'BEGIN { printf "%d%%", 100 * (i1 - i0) / (t1 - t0) }'
}

# post_script FILE [BODY]: a wrk script POSTing BODY (default: one small record) as JSON.
post_script() {
  local body='{"data":{"title":"created by wrk","n":1}}'
  [ -z "${2:-}" ] || body="$2"
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$body" > "$1"
}
