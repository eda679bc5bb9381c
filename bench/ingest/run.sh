#!/usr/bin/env bash
# Builds the console and the ingest benchmark in Release, starts the console on 127.0.0.1 with an
# empty data folder and the no-op endpoint, runs the benchmark against it, stops the console with
# SIGTERM and deletes the data. Extra arguments go to the benchmark (e.g. --mix metrics --duration 10).
# Exit code: the benchmark's (0 targets met, 1 usage error, 2 could not run, 3 targets missed).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

port="${BENCH_PORT:-5090}"
url="http://127.0.0.1:${port}"
key="bench-key"

bench_build bench/ingest
bench_start_console "$url" "$results/console-$stamp.log" \
  Demo__Enabled=false Ingest__NoopEndpoint=true Ingest__ApiKeys__0="$key"

bench_run "$results/ingest-$stamp.md" \
  dotnet bench/ingest/bin/Release/net10.0/HmsOps.Bench.Ingest.dll --url "$url" --key "$key" --server-pid "$console_pid" "$@"
echo "report: $results/ingest-$stamp.md, console log: $results/console-$stamp.log" >&2
exit "$bench_code"
