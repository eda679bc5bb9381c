# Shared by bench/*/run.sh (sourced, not run): the Release builds, starting a console on 127.0.0.1 with an empty data
# folder and stopping it on exit, and running a benchmark with its report teed to bench/results.
# The caller has `set -euo pipefail` and has cd'ed to the repository root.

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
results="bench/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"

# bench_build <bench folder>: the console and one benchmark, in Release.
bench_build() {
  dotnet build src/HmsOps.Console -c Release -nologo -v:quiet
  dotnet build "$1" -c Release -nologo -v:quiet
}

# bench_start_console <url> <log file> [Name=value ...]: starts the Release console on <url> with a fresh data
# folder (deleted on exit, when the console is stopped with SIGTERM) and the given settings on top of
# appsettings.json, which is read from the repository root (the build output has none). Sets console_pid and
# returns once /readyz answers; exits 2 if the port is taken or the console is not ready within 60 s.
console_pid=""
bench_start_console() {
  local url="$1" log="$2"
  shift 2
  if curl -s -o /dev/null "$url/healthz"; then
    echo "something already listens on $url; stop it or set BENCH_PORT" >&2
    exit 2
  fi
  data="$(mktemp -d)"
  trap bench_stop_console EXIT
  # env execs dotnet, so $! is the console's own pid.
  env ASPNETCORE_ENVIRONMENT=Production \
    Urls="$url" \
    Storage__DataPath="$data" \
    Logging__LogLevel__Default=Warning \
    "$@" \
    dotnet src/HmsOps.Console/bin/Release/net10.0/HmsOps.Console.dll >"$log" 2>&1 &
  console_pid=$!

  local deadline=$((SECONDS + 60))
  until curl -sf -o /dev/null "$url/readyz"; do
    if ! kill -0 "$console_pid" 2>/dev/null; then
      echo "the console exited before it was ready; its output:" >&2
      cat "$log" >&2
      exit 2
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "the console was not ready at $url/readyz within 60 s" >&2
      exit 2
    fi
    sleep 0.2
  done
}

bench_stop_console() {
  if [ -n "$console_pid" ] && kill -0 "$console_pid" 2>/dev/null; then
    kill -TERM "$console_pid"
    wait "$console_pid" || true
  fi
  rm -rf "$data"
}

# bench_run <report file> <command ...>: runs the benchmark, tees its report, and sets bench_code to its exit code.
bench_run() {
  local report="$1"
  shift
  set +e
  "$@" | tee "$report"
  bench_code=${PIPESTATUS[0]}
  set -e
}
