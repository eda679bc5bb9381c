#!/usr/bin/env bash
# Builds the console and the fan-out benchmark in Release, starts the console on 127.0.0.1 with an empty data
# folder and the demo fleet on (so the radar queries have data), waits a minute of demo traffic for the 1m rates,
# runs 200 /hubs/metrics clients against it, and stops the console with SIGTERM. Extra arguments go to the
# benchmark (e.g. --clients 50 --duration 10). Exit code: 0 targets met, 1 usage error, 2 could not run, 3 missed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

port="${BENCH_PORT:-5091}"
url="http://127.0.0.1:${port}"
settle="${BENCH_SETTLE_SECONDS:-65}"

bench_build bench/fanout
bench_start_console "$url" "$results/fanout-console-$stamp.log" Live__MaxSubscriptionsPerConnection=10
echo "console ready (pid $console_pid); letting the demo fleet run ${settle} s so the 1m rates have data" >&2
sleep "$settle"

bench_run "$results/fanout-$stamp.md" \
  dotnet bench/fanout/bin/Release/net10.0/HmsOps.Bench.Fanout.dll --url "$url" --server-pid "$console_pid" "$@"
echo "report: $results/fanout-$stamp.md, console log: $results/fanout-console-$stamp.log" >&2
exit "$bench_code"
