#!/usr/bin/env bash
# Builds the trace-by-id benchmark in Release and runs it in-process: spans are written straight into a fresh
# telemetry.db through SqliteTelemetryStore.Write in big batches (1 M, then on to 10 M by default), and after each size
# random stored traces are looked up by id (the hot path of GET /api/traces/{id}), reporting p50/p99 and the DB size.
# 10 M spans need about 6 GiB of disk in the temp folder and several minutes. Extra arguments go to the benchmark
# (e.g. --spans 1000000 --lookups 5000, or --dir /some/folder to keep the database).
# Exit code: 0 target met, 1 usage error, 2 could not run, 3 target missed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

dotnet build bench/traces -c Release -nologo -v:quiet

bench_run "$results/traces-$stamp.md" dotnet bench/traces/bin/Release/net10.0/HmsOps.Bench.Traces.dll "$@"
echo "report: $results/traces-$stamp.md" >&2
exit "$bench_code"
