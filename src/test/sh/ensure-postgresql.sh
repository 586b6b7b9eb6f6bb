#!/usr/bin/env bash
# Usage: ensure-postgresql.sh DATABASE...
# Makes sure the PostgreSQL server of the tests answers on 127.0.0.1:5432 and gives the tests a fresh database:
# starts the local cluster when it is stopped, installs Debian's package when it is missing (as root), and
# otherwise stops with a message saying what is needed. Run by `./mvnw verify` before the tests.
set -euo pipefail

host=127.0.0.1
port=5432
# A password that works both with trust authentication and with a fresh Debian install (scram on TCP).
url="postgresql://postgres:postgres@$host:$port"

fail() {
  echo "ensure-postgresql: $*" >&2
  echo "ensure-postgresql: the tests need PostgreSQL on $host:$port with user postgres (password postgres or trust)." >&2
  exit 1
}

answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$host" -p "$port"
  else
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
  fi
}

start_cluster() {
  command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || return 1
  echo "ensure-postgresql: starting the PostgreSQL $version cluster" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 50); do answers && return 0; sleep 0.2; done
  return 1
}

install_server() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  echo "ensure-postgresql: installing PostgreSQL from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || return 1
  start_cluster || return 1
  # A fresh install only lets the postgres system user in: give the database user the tests' password.
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >&2
}

if ! answers; then
  start_cluster || install_server || fail "no server answers and it could not be started or installed"
fi
command -v psql >/dev/null 2>&1 || fail "psql (Debian package postgresql-client) is missing"
psql -q "$url/postgres" -c "SELECT 1" >/dev/null 2>&1 || fail "the server answers but refuses user postgres"

# Fresh databases (the arguments) per run: the suites on PostgreSQL start from nothing, as they do in memory.
for database in "$@"; do
  psql -q "$url/postgres" -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$database' AND pid <> pg_backend_pid();
DROP DATABASE IF EXISTS $database;
CREATE DATABASE $database ENCODING 'UTF8' TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8';
SQL
  echo "ensure-postgresql: database $database ready on $host:$port" >&2
done
