#!/usr/bin/env bash
# The whole test suite, from a clean checkout: restore, build (warnings are errors), run every
# test project (unit, integration over real gRPC/RocksDB, out-of-process crash tests), then
# print the totals from the TRX files on a line of their own: "N passed, N failed".
# Anything the tests need beyond the .NET SDK is installed here, idempotently.
set -uo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
results="$(pwd)/TestResults"
rm -rf "$results"
mkdir -p "$results"

echo "== build ($configuration)"
if ! dotnet build Ledger.sln -c "$configuration" -nologo -v minimal; then
  echo "build failed"
  echo "0 passed, 0 failed"
  exit 1
fi

echo "== test"
dotnet test Ledger.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" \
  --blame-hang-timeout 15m --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status although no test failed: a test host crashed or a project did not run"
fi

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
