#!/usr/bin/env bash
# Runs every test project of the solution (already built in $CONFIG) and ends with one plain
# summary line, "N passed, N failed, N skipped", summed from the TRX results.
set -uo pipefail

CONFIG="${CONFIG:-Debug}"
RESULTS="${RESULTS:-out/test-results}"

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
dotnet test Berth.slnx --no-build -c "$CONFIG" \
    --logger "console;verbosity=normal" --logger trx \
    --results-directory "$RESULTS" \
    --blame-hang-timeout 10m
rc=$?

total=0 passed=0 failed=0
shopt -s nullglob
for trx in "$RESULTS"/*.trx; do
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
    get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
    total=$((total + $(get total)))
    passed=$((passed + $(get passed)))
    failed=$((failed + $(get failed)))
done
skipped=$((total - passed - failed))
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
