#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need when it is missing
# (PostgreSQL from Debian, Azurite from the pinned package.json), then `dotnet test`, then prints the
# totals as "N passed, N failed" on a line of its own. The tests start their own PostgreSQL and
# Azurite instances on free loopback ports; nothing here leaves a server running.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/install-test-deps.sh

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet test Functions.sln -c Release --logger "trx" --results-directory "$results" \
  -- xunit.parallelizeTestCollections=true || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

# A build failure or crashed test host produces no counted failure; make it visible in the totals.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
