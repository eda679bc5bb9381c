#!/usr/bin/env bash
# Builds the console and the waterfall benchmark in Release, starts the console on 127.0.0.1 (fresh data folder,
# demo fleet off; Development environment, because a Release build run from bin/ only serves the packages'
# static assets (MudBlazor, blazor.web.js) through the development manifest: unpublished, Production has none), ingests a 10,000- and a 50,000-span trace through POST /ingest, and measures /traces/{id}'s
# time-to-interactive in Debian's headless Chromium (Playwright, never `playwright install`). Extra arguments go to
# the benchmark (e.g. --sizes 10000 --runs 3). Exit code: 0 target met, 1 usage error, 2 could not run, 3 target missed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

port="${BENCH_PORT:-5197}"
url="http://127.0.0.1:$port"
bench_build bench/waterfall
bench_start_console "$url" "$results/waterfall-console-$stamp.log" \
  Demo__Enabled=false Ingest__ApiKeys__0=bench-ingest-key \
  ASPNETCORE_ENVIRONMENT=Development

bench_run "$results/waterfall-$stamp.md" \
  dotnet bench/waterfall/bin/Release/net10.0/HmsOps.Bench.Waterfall.dll --url "$url" --api-key bench-ingest-key "$@"
echo "report: $results/waterfall-$stamp.md" >&2
exit "$bench_code"
