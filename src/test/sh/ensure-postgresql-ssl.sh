#!/usr/bin/env bash
# Usage: ensure-postgresql-ssl.sh
# Turns TLS on in the local PostgreSQL server of the tests when it does not offer it, by a configuration reload
# (never a restart): a self-signed certificate for localhost/127.0.0.1 in the server's data directory (so it needs
# to run as root or as the server's user). Clients that do not ask for TLS are not affected. Run by the platform
# integration test (sslmode=require, verify-full).
set -euo pipefail

url="postgresql://postgres:postgres@127.0.0.1:5432/postgres"
sql() { psql -Atq -v ON_ERROR_STOP=1 "$url" "$@"; }
offers_tls() { psql -Atq "$url?sslmode=require" -c 'SELECT 1' >/dev/null 2>&1; }
fail() { echo "ensure-postgresql-ssl: $*" >&2; exit 1; }

offers_tls && exit 0
command -v openssl >/dev/null 2>&1 || fail "openssl is missing"
dir=$(sql -c 'SHOW data_directory')
[ -w "$dir" ] || fail "cannot write the certificate into the data directory $dir (run as root or as its owner)"
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost \
  -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' \
  -keyout "$dir/kintoj-test-server.key" -out "$dir/kintoj-test-server.crt" 2>/dev/null
# The server refuses a private key that others can read.
chmod 600 "$dir/kintoj-test-server.key"
chown "$(stat -c %u:%g "$dir")" "$dir/kintoj-test-server.key" "$dir/kintoj-test-server.crt"
sql -c "ALTER SYSTEM SET ssl_cert_file = 'kintoj-test-server.crt'" -c "ALTER SYSTEM SET ssl_key_file = 'kintoj-test-server.key'" \
  -c "ALTER SYSTEM SET ssl = on" -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 50); do
  offers_tls && { echo "ensure-postgresql-ssl: TLS turned on (self-signed certificate)" >&2; exit 0; }
  sleep 0.1
done
fail "the server did not turn TLS on (see its log)"
