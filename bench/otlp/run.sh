#!/usr/bin/env bash
# Builds the console and the OTLP benchmark in Release, starts the console on 127.0.0.1 with an empty data folder
# and the no-op endpoints on, exports spans as OTLP/HTTP protobuf to /v1/traces/noop and then /v1/traces, stops the
# console and deletes the data. Extra arguments go to the benchmark (--clients, --batch, --duration, --warmup).
# Exit code: the benchmark's (0 target met, 3 missed; 2 could not run).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

port="${BENCH_PORT:-5091}"
url="http://127.0.0.1:${port}"
key="bench-key"

bench_build bench/otlp
bench_start_console "$url" "$results/console-otlp-$stamp.log" \
  Demo__Enabled=false Ingest__NoopEndpoint=true Ingest__ApiKeys__0="$key"

bench_run "$results/otlp-$stamp.md" \
  dotnet bench/otlp/bin/Release/net10.0/HmsOps.Bench.Otlp.dll --url "$url" --key "$key" "$@"
echo "report: $results/otlp-$stamp.md, console log: $results/console-otlp-$stamp.log" >&2
exit "$bench_code"
