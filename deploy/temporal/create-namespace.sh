#!/bin/sh
# One-shot: waits until the Temporal frontend answers its health check, then creates the namespace
# the service uses. Idempotent: an existing namespace (or one created concurrently) is fine.
set -eu

: "${TEMPORAL_ADDRESS:=temporal:7233}"
: "${NAMESPACE:=default}"
: "${NAMESPACE_RETENTION:=72h}"
MAX_ATTEMPTS="${MAX_ATTEMPTS:-60}"

echo "Waiting for Temporal at $TEMPORAL_ADDRESS to be healthy..."
attempt=0
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
    echo "Temporal did not become healthy after $MAX_ATTEMPTS attempts" >&2
    exit 1
  fi
  sleep 2
done

if temporal operator namespace describe --namespace "$NAMESPACE" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; then
  echo "Namespace '$NAMESPACE' already exists"
  exit 0
fi

echo "Creating namespace '$NAMESPACE' (retention $NAMESPACE_RETENTION)..."
if ! output=$(temporal operator namespace create --namespace "$NAMESPACE" --retention "$NAMESPACE_RETENTION" \
  --address "$TEMPORAL_ADDRESS" 2>&1); then
  case "$output" in
    *"already exists"* | *"AlreadyExists"*) echo "Namespace '$NAMESPACE' already exists" ;;
    *)
      echo "$output" >&2
      exit 1
      ;;
  esac
fi
echo "Namespace '$NAMESPACE' ready"
