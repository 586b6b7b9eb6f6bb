#!/usr/bin/env bash
# The curl walk of the README, checked: statuses and key headers of a create -> list -> page -> PATCH ->
# DELETE -> _since sync against a running service (the native binary, a container, the jar).
# Usage: native/smoke.sh [base-url]     (default http://127.0.0.1:8888)
set -uo pipefail
base="${1:-http://127.0.0.1:8888}"
bucket="smoke$RANDOM$RANDOM"
json='Content-Type: application/json'
passed=0
failed=0

check() { # description, expected, actual
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: expected '$2', got '$3'"; fi
}
auth=(-u "smoke:secret")
status() { curl -s "${auth[@]}" -o /dev/null -w '%{http_code}' "$@"; }
header() { # name, curl args...
  local name="$1"; shift
  curl -s "${auth[@]}" -D - -o /dev/null "$@" | tr -d '\r' | awk -v n="$(echo "$name" | tr 'A-Z' 'a-z')" \
    'BEGIN{FS=": "} tolower($1)==n {print $2}'
}

for _ in $(seq 1 100); do curl -sf -o /dev/null "$base/v1/" && break; sleep 0.3; done  # wait until it answers
records="$base/v1/buckets/$bucket/collections/tasks/records"
check "hello document" 200 "$(status "$base/v1/")"
check "create bucket" 201 "$(status -X PUT "$base/v1/buckets/$bucket")"
check "create collection" 201 "$(status -X POST "$base/v1/buckets/$bucket/collections" -H "$json" -d '{"data":{"id":"tasks"}}')"
for i in 1 2 3; do
  check "create record $i" 201 "$(status -X POST "$records" -H "$json" -d "{\"data\":{\"n\":$i,\"done\":false}}")"
done
check "count" 3 "$(header Total-Objects -I "$records")"
etag=$(header ETag "$records")
check "filtered list" '{"data":[' "$(curl -s "${auth[@]}" "$records?n=2&_fields=n" | head -c 9)"
next=$(header Next-Page "$records?_sort=n&_limit=2")
check "Next-Page offered" yes "$([ -n "$next" ] && echo yes || echo no)"
check "second page" 200 "$(status "$next")"
id=$(curl -s "${auth[@]}" "$records?n=1" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
check "patch" 200 "$(status -X PATCH "$records/$id" -H "$json" -d '{"data":{"done":true}}')"
check "stale If-Match" 412 "$(status -X PATCH "$records/$id" -H "$json" -H "If-Match: $etag" -d '{"data":{"done":false}}')"
check "delete" 200 "$(status -X DELETE "$records/$id")"
check "deleted is gone" 404 "$(status "$records/$id")"
since=$(echo "$etag" | tr -d '"')
check "sync since the first ETag" 1 "$(curl -s "${auth[@]}" "$records?_since=$since" | grep -o '"id"' | wc -l | tr -d ' ')"
check "unchanged list" 304 "$(status -H "If-None-Match: $(header ETag "$records")" "$records")"
check "bad JSON" 400 "$(status -X PUT "$records/x" -H "$json" -d '{bad')"
check "anonymous cannot read it" 401 "$(curl -s -o /dev/null -w '%{http_code}' "$records")"
check "cascade delete" 200 "$(status -X DELETE "$base/v1/buckets/$bucket")"
check "records of the deleted bucket" 403 "$(status "$records")"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
