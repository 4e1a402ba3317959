#!/bin/sh
# Entrypoint of the one wa-notify image: the first argument picks the role.
#   api                 HTTP API (dist/service/api-main.js)
#   worker              Temporal worker (dist/service/worker-main.js)
#   config-apply FILE   apply a declarative config file to DATABASE_URL and exit
#   anything else       run as given, e.g. `sh` or `node -e ...`
# The service's Node flags (service/node-flags.ts says why) follow --enable-source-maps.
set -eu
cd "$(dirname "$0")/.."

role="${1:-api}"
[ "$#" -gt 0 ] && shift

case "$role" in
  api) exec node --enable-source-maps --max-semi-space-size=64 dist/service/api-main.js "$@" ;;
  worker) exec node --enable-source-maps --max-semi-space-size=64 dist/service/worker-main.js "$@" ;;
  config-apply) exec node --enable-source-maps dist/tools/config-apply.js "$@" ;;
  *) exec "$role" "$@" ;;
esac
