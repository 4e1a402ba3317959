#!/usr/bin/env bash
# The OpenAPI document matches the server: starts the service (`npm start`, embedded Temporal and
# database, free ports, a throw-away DATA_DIR), points schemathesis at its /openapi.json with every
# check on, and fails on any mismatch. Schemathesis (PyPI) lives in a venv outside the clone, so CI
# on a fresh clone reuses it. Usage: tools/api-fuzz/run.sh [--max-examples N] [other `st run` flags]
# FUZZ_EXAMPLES (default 10) bounds the generated cases per operation and phase; FUZZ_SEED fixes them.
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
venv="${XDG_CACHE_HOME:-$HOME/.cache}/wa-notify/venv-schemathesis-$SCHEMATHESIS_VERSION"
if [ ! -x "$venv/bin/st" ]; then
  echo "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
work="$(mktemp -d)"
port=$(free_port)
token="api-fuzz-admin-token-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
service_pid=""
stop_service() {
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    # The service's own SIGTERM path stops the worker and the embedded dev server it started.
    kill -TERM "$service_pid"
    wait "$service_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_service EXIT

# tsx directly (not npm start) so the PID is the service's and SIGTERM reaches its shutdown path.
PORT=$port TEMPORAL_DEV_PORT=$(free_port) TEMPORAL_UI_PORT=$(free_port) DATA_DIR="$work/data" \
  ADMIN_TOKEN="$token" TEMPORAL_ADDRESS="" DATABASE_URL="" CONFIG_FILE="" REDIS_URL="" LOG_LEVEL=warn \
  node --import tsx service/main.ts >"$work/service.log" 2>&1 &
service_pid=$!
echo "waiting for the service on port $port (log: $work/service.log)"
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  if ! kill -0 "$service_pid" 2>/dev/null; then
    cat "$work/service.log" >&2
    echo "the service exited before it was ready" >&2
    exit 1
  fi
  sleep 0.5
done

# too_slow judges how fast schemathesis itself generates data (the callback bodies' union is large);
# on a busy CI machine it fails for reasons that say nothing about the API, so it is off.
status=0
# Run from the throw-away dir: schemathesis keeps a `.schemathesis/` cache in its working directory.
config="$PWD/tools/api-fuzz/schemathesis.toml"
(cd "$work" && "$venv/bin/st" --config-file "$config" run "http://127.0.0.1:$port/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks all \
  --max-examples "${FUZZ_EXAMPLES:-10}" \
  --workers 1 \
  --request-timeout 10 \
  --suppress-health-check too_slow \
  ${FUZZ_SEED:+--seed "$FUZZ_SEED"} \
  "$@") || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- service log (last 40 lines) ---"
  tail -n 40 "$work/service.log"
fi
exit "$status"
