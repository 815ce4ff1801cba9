#!/usr/bin/env bash
# Measures how long the berth CLI takes for `berth version` and `berth images` against a running
# daemon (goal: median <= 15 ms). Uses the daemon on $BERTH_HOST / the default socket if one
# answers; otherwise starts a private berthd in a temp directory and stops it afterwards.
#
#   bench/cli-startup.sh                      installed binaries (/usr/local/bin)
#   BERTH=out/cli/berth BERTHD=out/daemon/berthd bench/cli-startup.sh
set -euo pipefail

BERTH="${BERTH:-/usr/local/bin/berth}"
BERTHD="${BERTHD:-/usr/local/bin/berthd}"
RUNS="${RUNS:-50}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for tool in hyperfine curl "$BERTH"; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (make deps / make install)" >&2; exit 1; }
done

host="${BERTH_HOST:-unix:///run/berth/berth.sock}"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
trap stop_private_berthd EXIT
if ! curl -fsS --max-time 2 --unix-socket "${host#unix://}" http://localhost/_ping >/dev/null 2>&1; then
    start_private_berthd
    echo "private daemon on $host"
fi

export BERTH_HOST="$host"
json="$(mktemp /tmp/berth-bench-json.XXXXXX)"
hyperfine --warmup 5 --runs "$RUNS" -N --export-json "$json" \
    "$BERTH version" "$BERTH images"

echo
echo "medians (goal <= 15 ms):"
python3 - "$json" <<'PY' 2>/dev/null || grep -o '"median": *[0-9.e-]*' "$json"
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"  {r['command']}: {r['median'] * 1000:.1f} ms")
PY
rm -f "$json"
