#!/usr/bin/env bash
# Measures what a newcomer waits for: a fresh clone of this checkout's HEAD, `npm ci`, then a cold
# `npm start` (empty Temporal tools dir, empty pip cache, fresh DATA_DIR) until /healthz answers.
# Prints the figures; the README's Quick start quotes them. Usage: tools/cold-start/measure.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
service_pid=""
cleanup() {
  # npm does not pass SIGTERM on to the service: signal the whole process group setsid made.
  if [ -n "$service_pid" ]; then
    kill -TERM -- "-$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

git clone -q "$repo" "$work/clone"
cd "$work/clone"
started=$(now)
npm ci --no-fund --no-audit --silent >"$work/npm-ci.log" 2>&1
echo "npm ci: $(elapsed "$started") s"

port=$(free_port)
export PORT="$port" TEMPORAL_DEV_PORT="$(free_port)" TEMPORAL_UI_PORT="$(free_port)"
export DATA_DIR="$work/data" TEMPORAL_TOOLS_DIR="$work/temporal-tools" PIP_NO_CACHE_DIR=1
export ADMIN_TOKEN=cold-start-admin-token-0123456789 TEMPORAL_ADDRESS=""
echo "load average before start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
started=$(now)
setsid npm start > >(while IFS= read -r line; do printf '%6s s  %s\n' "$(elapsed "$started")" "$line"; done >"$work/start.log") 2>&1 &
service_pid=$!
until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
  if ! kill -0 "$service_pid" 2>/dev/null; then
    cat "$work/start.log" >&2
    echo "npm start exited before /healthz answered" >&2
    exit 1
  fi
  sleep 0.2
done
echo "cold npm start until /healthz: $(elapsed "$started") s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "startup log, seconds since npm start:"
grep -vE '^\s*[0-9.]+ s\s*$' "$work/start.log" | head -20 | sed 's/^/  /' || true
