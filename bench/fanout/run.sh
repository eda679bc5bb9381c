#!/usr/bin/env bash
# Builds the console and the fan-out benchmark in Release, starts the console on 127.0.0.1 with an empty data
# folder and the demo fleet on (so the radar queries have data), waits a minute of demo traffic for the 1m rates,
# runs 200 /hubs/metrics clients against it, and stops the console with SIGTERM. Extra arguments go to the
# benchmark (e.g. --clients 50 --duration 10). Exit code: 0 targets met, 1 usage error, 2 could not run, 3 missed.
set -euo pipefail
cd "$(dirname "$0")/../.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
port="${BENCH_PORT:-5091}"
url="http://127.0.0.1:${port}"
settle="${BENCH_SETTLE_SECONDS:-65}"
results="bench/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"

dotnet build src/HmsOps.Console -c Release -nologo -v:quiet
dotnet build bench/fanout -c Release -nologo -v:quiet

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
Logging__LogLevel__Default=Warning \
Live__MaxSubscriptionsPerConnection=10 \
  dotnet src/HmsOps.Console/bin/Release/net10.0/HmsOps.Console.dll >"$results/fanout-console-$stamp.log" 2>&1 &
console_pid=$!

deadline=$((SECONDS + 60))
until curl -sf -o /dev/null "$url/readyz"; do
  if ! kill -0 "$console_pid" 2>/dev/null; then
    echo "the console exited before it was ready; its output:" >&2
    cat "$results/fanout-console-$stamp.log" >&2
    exit 2
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "the console was not ready at $url/readyz within 60 s" >&2
    exit 2
  fi
  sleep 0.2
done
echo "console ready (pid $console_pid); letting the demo fleet run ${settle} s so the 1m rates have data" >&2
sleep "$settle"

set +e
dotnet bench/fanout/bin/Release/net10.0/HmsOps.Bench.Fanout.dll --url "$url" --server-pid "$console_pid" "$@" | tee "$results/fanout-$stamp.md"
code=${PIPESTATUS[0]}
set -e
echo "report: $results/fanout-$stamp.md, console log: $results/fanout-console-$stamp.log" >&2
exit "$code"
