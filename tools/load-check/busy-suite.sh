#!/usr/bin/env bash
# `tools/load-check/busy-suite.sh [RUNS]`: runs `npm test` RUNS times in a row (default 3) with two
# busy-loop processes beside it, as a CPU-hungry neighbour on a 2-core CI machine would be, and prints
# each run's exit status, duration and counts. The suite must not depend on a quiet machine (issue 11):
# every wait on a workflow is bounded by generous polls, never by a 1 s default or a wall-clock race.
set -uo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
out="$(mktemp -d)"
node -e 'for(;;){}' & b1=$!
node -e 'for(;;){}' & b2=$!
trap 'kill $b1 $b2 2>/dev/null' EXIT
echo "busy loops: pids $b1 $b2; commit $(git rev-parse --short HEAD); logs in $out"
failed=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  echo "run $i: start $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
  npm test -- --reporter=default --reporter=json --outputFile.json="$out/run$i.json" >"$out/run$i.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || failed=1
  counts=$(node -e '
    const r = require(process.argv[1]);
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  ' "$out/run$i.json" 2>/dev/null || echo "no JSON report")
  echo "run $i: exit $rc, $(($(date +%s) - start)) s, $counts, load $(cut -d' ' -f1-3 /proc/loadavg)"
done
exit "$failed"
