#!/usr/bin/env bash
# Makes sure the local PostgreSQL answers on PGHOST:PGPORT (default 127.0.0.1:5432), starting the
# Debian cluster if it is down, then creates the databases the platform uses if they are missing:
# rre_test (integration tests) and rre_dev (a developer's distributed mode). Idempotent.
#
# Environment: PGHOST, PGPORT, PGUSER (default postgres; trust auth), ENSURE_DATABASES (space
# separated, default "rre_test rre_dev"), ENSURE_WAIT_SECONDS (default 30).
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-postgres}"
databases="${ENSURE_DATABASES:-rre_test rre_dev}"
wait_seconds="${ENSURE_WAIT_SECONDS:-30}"

say() { echo "postgres/ensure: $*"; }
fail() {
  echo "postgres/ensure: ERROR: $*" >&2
  exit 1
}

for tool in pg_isready psql; do
  command -v "$tool" >/dev/null || fail "$tool not found; install the PostgreSQL client (apt-get install postgresql-client)"
done

ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 2; }

if ! ready; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    for version_dir in /etc/postgresql/*/; do
      version="$(basename "$version_dir")"
      [ -d "$version_dir/main" ] || continue
      say "PostgreSQL not answering on $PGHOST:$PGPORT; starting cluster $version/main"
      pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
        say "pg_ctlcluster $version main start failed (it may be starting already)"
    done
  fi
  for ((waited = 0; waited < wait_seconds; waited++)); do
    ready && break
    sleep 1
  done
  ready || fail "PostgreSQL is not reachable on $PGHOST:$PGPORT after ${wait_seconds}s (is it installed? try: pg_lsclusters)"
fi
say "PostgreSQL answers on $PGHOST:$PGPORT"

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }
psql_admin -Atc 'SELECT 1' >/dev/null ||
  fail "cannot log in to $PGHOST:$PGPORT as $PGUSER (expected trust auth for local TCP connections)"

for database in $databases; do
  [[ "$database" =~ ^[a-z_][a-z0-9_]*$ ]] || fail "invalid database name '$database'"
  if [ "$(psql_admin -Atc "SELECT 1 FROM pg_database WHERE datname = '$database'")" = "1" ]; then
    say "database $database exists"
  elif psql_admin -c "CREATE DATABASE \"$database\"" 2>/dev/null; then
    say "database $database created"
  elif [ "$(psql_admin -Atc "SELECT 1 FROM pg_database WHERE datname = '$database'")" = "1" ]; then
    say "database $database exists (created concurrently)"
  else
    fail "could not create database $database"
  fi
done
