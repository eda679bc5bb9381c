#!/usr/bin/env bash
# Builds the console and the ingest benchmark in Release, starts the console on 127.0.0.1 with an
# empty data folder and the no-op endpoint, runs the benchmark against it, stops the console with
# SIGTERM and deletes the data. Extra arguments go to the benchmark (e.g. --mix metrics --duration 10).
# Exit code: the benchmark's (0 targets met, 1 usage error, 2 could not run, 3 targets missed).
set -euo pipefail
cd "$(dirname "$0")/../.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
port="${BENCH_PORT:-5090}"
url="http://127.0.0.1:${port}"
key="bench-key"
results="bench/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"

dotnet build src/HmsOps.Console -c Release -nologo -v:quiet
dotnet build bench/ingest -c Release -nologo -v:quiet

if curl -s -o /dev/null "$url/healthz"; then
  echo "something already listens on $url; stop it or set BENCH_PORT" >&2
  exit 2
fi

data="$(mktemp -d)"
console_pid=""
stop_console() {
  if [ -n "$console_pid" ] && kill -0 "$console_pid" 2>/dev/null; then
    kill -TERM "$console_pid"
    wait "$console_pid" || true
  fi
  rm -rf "$data"
}
trap stop_console EXIT

# appsettings.json is read from the repository root (the build output has none); these override it.
ASPNETCORE_ENVIRONMENT=Production \
Urls="$url" \
Storage__DataPath="$data" \
Demo__Enabled=false \
Ingest__NoopEndpoint=true \
Ingest__ApiKeys__0="$key" \
Logging__LogLevel__Default=Warning \
  dotnet src/HmsOps.Console/bin/Release/net10.0/HmsOps.Console.dll >"$results/console-$stamp.log" 2>&1 &
console_pid=$!

deadline=$((SECONDS + 60))
until curl -sf -o /dev/null "$url/readyz"; do
  if ! kill -0 "$console_pid" 2>/dev/null; then
    echo "the console exited before it was ready; its output:" >&2
    cat "$results/console-$stamp.log" >&2
    exit 2
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "the console was not ready at $url/readyz within 60 s" >&2
    exit 2
  fi
  sleep 0.2
done

set +e
dotnet bench/ingest/bin/Release/net10.0/HmsOps.Bench.Ingest.dll \
  --url "$url" --key "$key" --server-pid "$console_pid" "$@" | tee "$results/ingest-$stamp.md"
code=${PIPESTATUS[0]}
set -e
echo "report: $results/ingest-$stamp.md, console log: $results/console-$stamp.log" >&2
exit "$code"
