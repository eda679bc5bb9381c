#!/usr/bin/env bash
# Builds the rule-evaluation benchmark in Release and runs it in-process: N alerting rules (default 1,000, in groups of
# 100) over M series (default 10,000) of the embedded store, one evaluation cycle every 15 s of fake time, reporting
# cycle time p50/p95 and memory. Extra arguments go to the benchmark (e.g. --rules 2000 --cycles 20).
# Exit code: 0 target met, 1 usage error, 2 could not run, 3 target missed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

dotnet build bench/rules -c Release -nologo -v:quiet

bench_run "$results/rules-$stamp.md" dotnet bench/rules/bin/Release/net10.0/HmsOps.Bench.Rules.dll "$@"
echo "report: $results/rules-$stamp.md" >&2
exit "$bench_code"
