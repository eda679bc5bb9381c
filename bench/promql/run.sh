#!/usr/bin/env bash
# Builds the console and the PromQL benchmark in Release and runs it: for 1k and 10k series it loads the same radar
# samples into the embedded store (in-process), through promtool's OpenMetrics backfill into a real Prometheus, and
# as a metrics snapshot into a console (timed over its /api/v1 when the build has it), each on a free 127.0.0.1
# port, then times the radar queries on all of them. Extra arguments go to the benchmark
# (e.g. --sizes 1000 --iterations 10). Exit code: 0 targets met, 1 usage error, 2 could not run, 3 targets missed.
set -euo pipefail
cd "$(dirname "$0")/../.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
results="bench/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"

dotnet build src/HmsOps.Console -c Release -nologo -v:quiet
dotnet build bench/promql -c Release -nologo -v:quiet

set +e
dotnet bench/promql/bin/Release/net10.0/HmsOps.Bench.PromQL.dll \
  --console-dll src/HmsOps.Console/bin/Release/net10.0/HmsOps.Console.dll "$@" | tee "$results/promql-$stamp.md"
code=${PIPESTATUS[0]}
set -e
echo "report: $results/promql-$stamp.md" >&2
exit "$code"
