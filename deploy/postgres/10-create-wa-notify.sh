#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume
# (/docker-entrypoint-initdb.d): creates the service's own role and database beside Temporal's.
# Temporal's databases (temporal, temporal_visibility) are created by deploy/temporal/setup-postgres.sh.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v db="${WA_NOTIFY_DB:-wa_notify}" \
  -v user="${WA_NOTIFY_DB_USER:-wa_notify}" \
  -v password="${WA_NOTIFY_DB_PASSWORD:?WA_NOTIFY_DB_PASSWORD is not set}" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
