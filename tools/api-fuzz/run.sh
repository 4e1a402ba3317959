#!/usr/bin/env bash
# The OpenAPI document matches the server: starts the 360dialog mock and the service (`npm start`'s
# entrypoint: embedded Temporal and database, free loopback ports, a throw-away DATA_DIR), points
# schemathesis at its /openapi.json with every check on, and fails on any mismatch. Schemathesis
# (PyPI, pinned) lives in a venv outside the clone, so CI on a fresh clone installs it once.
# Nothing leaves this machine: hooks.py points generated URLs at the mock, and the service runs with
# its fetch limited to loopback (service.ts, loopback-only.ts).
# Usage: tools/api-fuzz/run.sh [other `st run` flags]
# FUZZ_EXAMPLES (default 10) bounds the generated cases per operation and phase; FUZZ_SEED fixes them.
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
venv="${XDG_CACHE_HOME:-$HOME/.cache}/wa-notify/venv-schemathesis-$SCHEMATHESIS_VERSION"
# A venv without `st` is an interrupted install: made again from scratch.
if [ ! -x "$venv/bin/st" ]; then
  echo "installing schemathesis $SCHEMATHESIS_VERSION into $venv (once)"
  rm -rf "$venv"
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"; }; then
    rm -rf "$venv"
    echo "could not install schemathesis (needs python3-venv and PyPI)" >&2
    exit 1
  fi
fi

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
work="$(mktemp -d)"
port=$(free_port)
token="api-fuzz-admin-token-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
service_pid=""
mock_pid=""
stop_service() {
  for pid in "$service_pid" "$mock_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      # The service's own SIGTERM path stops the worker and the embedded dev server it started.
      kill -TERM "$pid"
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap stop_service EXIT

mock_port=$(free_port)
node --import tsx tools/mock-360dialog/main.ts --port "$mock_port" --host 127.0.0.1 >"$work/mock.log" 2>&1 &
mock_pid=$!
mock_url="http://127.0.0.1:$mock_port"

# tsx directly (not npm start) so the PID is the service's and SIGTERM reaches its shutdown path.
PORT=$port TEMPORAL_DEV_PORT=$(free_port) TEMPORAL_UI_PORT=$(free_port) DATA_DIR="$work/data" \
  ADMIN_TOKEN="$token" TEMPORAL_ADDRESS="" DATABASE_URL="" CONFIG_FILE="" REDIS_URL="" LOG_LEVEL=warn \
  PUBLIC_BASE_URL="http://127.0.0.1:$port" \
  node --import tsx tools/api-fuzz/service.ts >"$work/service.log" 2>&1 &
service_pid=$!
echo "waiting for the service on port $port (log: $work/service.log)"
ready=""
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && curl -fsS "$mock_url/__mock/keys" >/dev/null 2>&1 &&
    ready=1 && break
  for pid in "$service_pid" "$mock_pid"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$work/mock.log" "$work/service.log" >&2
      echo "the service or the 360dialog mock exited before it was ready" >&2
      exit 1
    fi
  done
  sleep 0.5
done
if [ -z "$ready" ]; then
  tail -n 40 "$work/service.log" >&2
  echo "the service was not ready after 300 s" >&2
  exit 1
fi

# The callback secret of the channel hooks.py creates for the callback operation.
callback_secret="$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"

# too_slow judges how fast schemathesis itself generates data (the callback bodies' union is large);
# on a busy CI machine it fails for reasons that say nothing about the API, so it is off.
status=0
# Schemathesis frames its sections and closes like pytest ("==== 2 warnings in 47.58s ===="). A CI
# reader of runner summaries takes that closing line for a test run that executed nothing (stops
# 15-18 landed as "ran no test" although vitest passed every test after it), so the frames are
# rewritten: the figures stay, the pytest shape goes. Its exit status is kept (pipefail).
unframe() { sed -u -E 's/^=+ (.*) in ([0-9.]+)s =+$/schemathesis closed: \1, after \2 seconds/; s/^=+ (.*[^= ]) =+$/--- \1 ---/'; }
# Run from the throw-away dir: schemathesis keeps a `.schemathesis/` cache in its working directory.
config="$PWD/tools/api-fuzz/schemathesis.toml"
hooks="$PWD/tools/api-fuzz/hooks.py"
(cd "$work" && FUZZ_MOCK_URL="$mock_url" FUZZ_SERVICE_URL="http://127.0.0.1:$port" \
  FUZZ_ADMIN_TOKEN="$token" FUZZ_CALLBACK_SECRET="$callback_secret" SCHEMATHESIS_HOOKS="$hooks" \
  "$venv/bin/st" --config-file "$config" run "http://127.0.0.1:$port/openapi.json" \
  --checks all \
  --max-examples "${FUZZ_EXAMPLES:-10}" \
  --workers 1 \
  --request-timeout 10 \
  --suppress-health-check too_slow \
  ${FUZZ_SEED:+--seed "$FUZZ_SEED"} \
  "$@") 2>&1 | unframe || status=$?
blocked=$(grep -c "^api-fuzz: refused an off-machine request to" "$work/service.log" || true)
echo "off-machine requests the service attempted (refused by tools/api-fuzz/loopback-only.ts): $blocked"
if [ "$status" -ne 0 ]; then
  echo "--- service log (last 40 lines) ---"
  tail -n 40 "$work/service.log"
fi
exit "$status"
