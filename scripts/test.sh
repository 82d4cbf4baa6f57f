#!/usr/bin/env bash
# Runs every test of Lifeline. Installs what the end-to-end tests need (Debian packages)
# when it is missing, then runs all test projects and prints one closing line:
#   N passed, N failed[, N skipped]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages the tests start as real peers on loopback.
declare -A peers=([sipp]=sip-tester [dnsmasq]=dnsmasq-base)
missing=()
for cmd in "${!peers[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${peers[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing test peers: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "could not install ${missing[*]}: the end-to-end tests need them" >&2; exit 1; }
fi

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
dotnet build Lifeline.slnx -c Debug -nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
# One test project at a time, the end-to-end tests last: they measure delays on real calls through sipp, and a
# second test assembly running beside them on a small machine would measure that assembly instead.
status=0
for project in Lifeline.Sip.Tests Lifeline.Tests Lifeline.Cli.Tests Lifeline.EndToEnd.Tests; do
  dotnet test "tests/$project/$project.csproj" -c Debug --no-build -nologo \
    --logger "trx;LogFilePrefix=$project" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
done

passed=0 failed=0 skipped=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -n1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit "$status"
