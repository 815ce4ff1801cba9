#!/usr/bin/env bash
# Networking throughput and start-up cost, on a private berthd:
#   (i)  a 1 GiB file served by busybox httpd in a container on the default bridge, fetched with
#        curl from the host through the published port on 127.0.0.1 (DNAT) and directly from the
#        container's address; reports the median of RUNS transfers each and the ratio (goal >= 80 %).
#   (ii) `run --rm busybox true` on the default bridge vs --network none (hyperfine; goal: the
#        bridge run within 1.5x of none).
#
#   bench/network-throughput.sh            Release binaries from out/ (published if missing)
#   BERTH=… BERTHD=… RUNS=5 bench/network-throughput.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
RUNS="${RUNS:-5}"
START_RUNS="${START_RUNS:-20}"
SIZE_MB="${SIZE_MB:-1024}"

BERTH="${BERTH:-$repo/out/cli/berth}"
BERTHD="${BERTHD:-$repo/out/daemon/berthd}"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
ensure_published
for tool in hyperfine curl python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (make deps)" >&2; exit 1; }
done

trap stop_private_berthd EXIT
start_private_berthd
b() { "$BERTH" -H "$host" "$@"; }

# ---- (i) throughput --------------------------------------------------------------------------
mkdir -p "$tmp/www"
dd if=/dev/urandom of="$tmp/www/big" bs=1M count="$SIZE_MB" status=none
cat "$tmp/www/big" >/dev/null # page cache: the disk is not what is measured
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
b run -d --name bench-web -p "127.0.0.1:$port:80" -v "$tmp/www:/www:ro" busybox httpd -f -p 80 -h /www >/dev/null
ip="$(b inspect -f '{{.NetworkSettings.IPAddress}}' bench-web)"
for ((i = 0; i < 50; i++)); do
    curl -fsS -o /dev/null --max-time 1 -r 0-0 "http://127.0.0.1:$port/big" 2>/dev/null && break
    sleep 0.1
done

measure() { # URL -> median bytes/s over RUNS transfers
    local url=$1 speeds=()
    for ((r = 0; r < RUNS; r++)); do
        speeds+=("$(curl -fsS -o /dev/null -w '%{speed_download}' "$url")")
    done
    printf '%s\n' "${speeds[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
published="$(measure "http://127.0.0.1:$port/big")"
direct="$(measure "http://$ip:80/big")"
python3 - "$published" "$direct" "$SIZE_MB" "$RUNS" <<'PY'
import sys
pub, direct, size, runs = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
mib = 1024 * 1024
print(f"HTTP GET of {size} MiB, median of {runs}:")
print(f"  published port 127.0.0.1 (DNAT): {pub / mib:8.1f} MiB/s")
print(f"  container address directly:      {direct / mib:8.1f} MiB/s")
print(f"  ratio published/direct:          {pub / direct * 100:8.1f} %  (goal >= 80 %)")
PY
b rm -f bench-web >/dev/null

# ---- (ii) start-up cost of the bridge --------------------------------------------------------
json="$tmp/hyperfine.json"
hyperfine --warmup 3 --runs "$START_RUNS" -N --export-json "$json" \
    "$BERTH -H $host run --rm busybox true" \
    "$BERTH -H $host run --rm --network none busybox true" >/dev/null
python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
bridge, none = r[0], r[1]
print(f"run --rm busybox true, {len(bridge['times'])} runs each:")
print(f"  default bridge:  median {bridge['median'] * 1000:7.1f} ms  (mean {bridge['mean'] * 1000:.1f} ± {bridge['stddev'] * 1000:.1f})")
print(f"  --network none:  median {none['median'] * 1000:7.1f} ms  (mean {none['mean'] * 1000:.1f} ± {none['stddev'] * 1000:.1f})")
print(f"  bridge / none:   {bridge['median'] / none['median']:.2f}x  (goal <= 1.5x)")
PY
