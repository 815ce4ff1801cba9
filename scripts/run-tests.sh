#!/usr/bin/env bash
# Runs every test project of the solution (already built in $CONFIG) and ends with one plain
# summary line, "N passed, N failed, N skipped", summed from the TRX results.
#
# A run with a few failures re-runs just those tests once. A test that then passes still shows up,
# as FLAKY with its first failure's message, in the last lines of the log (CI keeps only the tail):
# that is how a race gets a name instead of a red run nobody can read. Anything that fails twice,
# or more than MAX_RERUN failures, fails the run.
set -uo pipefail

CONFIG="${CONFIG:-Debug}"
RESULTS="${RESULTS:-out/test-results}"
MAX_RERUN="${MAX_RERUN:-3}"
TARGET="${TARGET:-Berth.slnx}"   # a test project instead, to try this script on a small run

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
dotnet test "$TARGET" --no-build -c "$CONFIG" \
    --logger "console;verbosity=normal" --logger trx \
    --results-directory "$RESULTS" \
    --blame-hang-timeout 10m
rc=$?

# Prints, per failed test of the TRX files in $1: "<Class.Method>\t<test name>\t<first lines of its message>".
failures() {
    python3 - "$1" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    root = ET.parse(path).getroot()
    methods = {}
    for test in root.iterfind(".//t:UnitTest", ns):
        m = test.find("t:TestMethod", ns)
        if m is not None:
            methods[test.get("id")] = m.get("className") + "." + m.get("name")
    for r in root.iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") != "Failed":
            continue
        msg = r.find(".//t:Message", ns)
        lines = (msg.text or "").strip().splitlines() if msg is not None else []
        text = " | ".join(l.strip()[:240] for l in lines[:6])
        print(methods.get(r.get("testId"), r.get("testName")) + "\t" + r.get("testName") + "\t" + text)
PY
}

counts() {
    local total=0 passed=0 failed=0 trx counters
    shopt -s nullglob
    for trx in "$1"/*.trx; do
        counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
        get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
        total=$((total + $(get total)))
        passed=$((passed + $(get passed)))
        failed=$((failed + $(get failed)))
    done
    echo "$total $passed $failed"
}

read -r total passed failed < <(counts "$RESULTS")
first_failures="$(failures "$RESULTS")"
flaky=""
if ((rc != 0 && failed > 0 && failed <= MAX_RERUN)) && [[ -n "$first_failures" ]]; then
    filter="$(cut -f1 <<<"$first_failures" | sort -u | sed 's/^/FullyQualifiedName=/' | paste -sd'|')"
    echo
    echo "re-running the $failed failed test(s) once: $filter"
    dotnet test "$TARGET" --no-build -c "$CONFIG" --filter "$filter" \
        --logger "console;verbosity=normal" --logger trx \
        --results-directory "$RESULTS/rerun" --blame-hang-timeout 10m
    rerun_rc=$?
    read -r _ rerun_passed rerun_failed < <(counts "$RESULTS/rerun")
    if ((rerun_rc == 0 && rerun_failed == 0 && rerun_passed > 0)); then
        flaky="$first_failures"
        passed=$((passed + failed))
        failed=0
        rc=0
    fi
fi

skipped=$((total - passed - failed))
if [[ -n "$flaky" ]]; then
    echo
    while IFS=$'\t' read -r _ name message; do
        echo "FLAKY (failed, then passed on its re-run): $name"
        echo "    $message"
    done <<<"$flaky"
elif ((rc != 0)) && [[ -n "$first_failures" ]]; then
    echo
    while IFS=$'\t' read -r _ name message; do
        echo "FAILED: $name"
        echo "    $message"
    done <<<"$first_failures"
fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
