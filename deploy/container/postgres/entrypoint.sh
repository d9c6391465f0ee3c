#!/bin/bash
# Makes the cluster in $PGDATA on first start (the user and database named by
# POSTGRES_USER / POSTGRES_DB, password POSTGRES_PASSWORD, which is required), then runs
# the server in the foreground. Password (scram-sha-256) logins over TCP only.
set -euo pipefail
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  trap 'rm -f "$pwfile"' EXIT
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --pgdata="$PGDATA" --username="$user" --pwfile="$pwfile" --encoding=UTF8 \
    --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  {
    echo "host all all 0.0.0.0/0 scram-sha-256"
    echo "host all all ::/0 scram-sha-256"
  } >> "$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    # Local socket in $PGDATA: /run may be read-only.
    postgres -D "$PGDATA" -c listen_addresses= -c unix_socket_directories="$PGDATA" &
    pid=$!
    until pg_isready --host="$PGDATA" --quiet; do sleep 0.2; done
    createdb --host="$PGDATA" --username="$user" "$db"
    kill -INT "$pid"
    wait "$pid" || true
  fi
  echo "orkestra-postgres: made the cluster in $PGDATA (user $user, database $db)"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories="$PGDATA"
