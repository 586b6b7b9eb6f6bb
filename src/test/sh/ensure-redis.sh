#!/usr/bin/env bash
# Makes sure the Redis server of the tests answers on 127.0.0.1:6379: starts it when it is stopped, installs
# Debian's package when it is missing (as root), and otherwise stops with a message saying what is needed.
# Run by `./mvnw verify` before the tests (the event listener tests push onto a Redis list).
set -euo pipefail

host=127.0.0.1
port=6379

fail() {
  echo "ensure-redis: $*" >&2
  echo "ensure-redis: the tests need Redis on $host:$port." >&2
  exit 1
}

answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$host" -p "$port" ping 2>/dev/null)" = PONG ]
  else
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
  fi
}

start_server() {
  command -v redis-server >/dev/null 2>&1 || return 1
  echo "ensure-redis: starting redis-server" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >&2 || return 1
  for _ in $(seq 1 50); do answers && return 0; sleep 0.2; done
  return 1
}

install_server() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  echo "ensure-redis: installing Redis from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >&2 \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >&2; } \
    || return 1
  start_server
}

if ! answers; then
  start_server || install_server || fail "no server answers and it could not be started or installed"
fi
echo "ensure-redis: Redis ready on $host:$port" >&2
