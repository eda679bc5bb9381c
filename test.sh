#!/usr/bin/env bash
# Installs what the tests need, builds, runs every suite, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

# Debian packages the suites drive for real: Chromium for the end-to-end tests, Prometheus and
# Alertmanager for the tests that compare against or receive from the real servers.
apt_packages=(chromium prometheus prometheus-alertmanager)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (apt, --no-install-recommends)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" || {
    echo "could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
configuration="${CONFIGURATION:-Debug}"

# The console's build runs npm ci for apexcharts itself (an MSBuild target), so there is no npm step here.
if ! dotnet build HmsOps.Console.sln -c "$configuration" -nologo -v:minimal; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
# The shipped rules and runbooks must pass `hms-ops lint` (every alert has a runbook that exists, every critical
# alert has a `for`); it counts as one test, and a lint error fails the run.
echo "=== hms-ops lint"
if dotnet "src/HmsOps.Cli/bin/$configuration/net10.0/hms-ops.dll" lint --rules rules --runbooks runbooks; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
results_dir="$(mktemp -d)"
for project in tests/HmsOps.Core.Tests tests/HmsOps.Components.Tests tests/HmsOps.Integration.Tests tests/HmsOps.EndToEnd.Tests; do
  name="$(basename "$project")"
  echo "=== $name"
  log="$results_dir/$name.log"
  # The default logger prints each failure in full and ends with "Passed!/Failed!  - Failed: N, Passed: N, ...".
  dotnet test "$project" -c "$configuration" --no-build -nologo 2>&1 | tee "$log" || true
  summary="$(grep -E '(Passed|Failed)!\s+-\s+Failed:' "$log" | tail -n 1)"
  if [ -z "$summary" ]; then
    echo "$name: no test summary (the run crashed or ran nothing)"
    failed=$((failed + 1))
    continue
  fi
  p="$(sed -E 's/.*Passed:\s+([0-9]+).*/\1/' <<<"$summary")"
  f="$(sed -E 's/.*Failed:\s+([0-9]+).*/\1/' <<<"$summary")"
  passed=$((passed + p))
  failed=$((failed + f))
done
rm -rf "$results_dir"

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
