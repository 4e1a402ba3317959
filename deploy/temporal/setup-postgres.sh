#!/bin/sh
# One-shot schema setup of Temporal's two databases (temporalio/admin-tools image). Idempotent:
# `create` tolerates an existing database and `update-schema` applies only missing versions, so the
# job can run on every `docker compose up`.
set -eu

: "${POSTGRES_SEEDS:=postgresql}"
: "${DB_PORT:=5432}"
: "${POSTGRES_USER:=temporal}"
export SQL_PASSWORD="${POSTGRES_PWD:?POSTGRES_PWD is not set}"
SCHEMA_DIR=/etc/temporal/schema/postgresql/v12

echo "Waiting for PostgreSQL at $POSTGRES_SEEDS:$DB_PORT..."
attempt=0
until nc -z -w 2 "$POSTGRES_SEEDS" "$DB_PORT"; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 60 ]; then
    echo "PostgreSQL did not open port $DB_PORT after $attempt attempts" >&2
    exit 1
  fi
  sleep 1
done

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

setup_database() {
  db="$1"
  versioned="$2"
  echo "Setting up database $db..."
  sql_tool --db "$db" create
  # setup-schema -v 0.0 only creates the schema_version bookkeeping; update-schema brings it current.
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$SCHEMA_DIR/$versioned/versioned"
}

setup_database "${DBNAME:-temporal}" temporal
setup_database "${VISIBILITY_DBNAME:-temporal_visibility}" visibility
echo "PostgreSQL schema setup complete"
