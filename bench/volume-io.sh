#!/usr/bin/env bash
# Sequential I/O on a named volume inside a container vs a plain host directory, on a private
# berthd whose data root lies on the same filesystem as the host directory. Both sides use the same
# program (busybox dd): write SIZE_MB MiB with bs=1M conv=fsync, drop the page cache, read it back.
# Reports the median time of RUNS, and the ratio volume/host (goal >= 95 %).
#
#   bench/volume-io.sh               Release binaries from out/ (published if missing)
#   BERTH=… BERTHD=… RUNS=3 SIZE_MB=1024 bench/volume-io.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
RUNS="${RUNS:-3}"
SIZE_MB="${SIZE_MB:-1024}"
[[ $(id -u) -eq 0 ]] || { echo "error: needs root (drop_caches, private daemon)" >&2; exit 1; }

BERTH="${BERTH:-$repo/out/cli/berth}"
BERTHD="${BERTHD:-$repo/out/daemon/berthd}"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
ensure_published

# /var/tmp: the data root must share the host directory's filesystem (/tmp may be a tmpfs).
trap stop_private_berthd EXIT
start_private_berthd /var/tmp
b() { "$BERTH" -H "$host" "$@"; }

b volume create bench-vol >/dev/null
b run -d --name bench-io -v bench-vol:/data busybox sleep infinity >/dev/null
mkdir -p "$tmp/hostdir"
echo "volume mountpoint: $(b volume inspect -f '{{.Mountpoint}}' bench-vol) ($(stat -f -c %T "$tmp/data"))"
echo "host directory:    $tmp/hostdir ($(stat -f -c %T "$tmp/hostdir"))"

# This busybox dd prints no timing line: time it in the same shell from /proc/uptime (10 ms ticks;
# the same clock inside the container), so `berth exec` overhead is not counted.
timed() { echo "s=\$(cut -d' ' -f1 /proc/uptime); $1 2>/dev/null; e=\$(cut -d' ' -f1 /proc/uptime); echo \"SECS \$s \$e\""; }
secs() { awk '/^SECS/ {printf "%.2f\n", $3 - $2}'; }
in_volume() { b exec bench-io sh -c "$(timed "$1")" | secs; }
on_host() { (cd "$tmp/hostdir" && /bin/busybox sh -c "$(timed "$1")") | secs; }
write_cmd="dd if=/dev/zero of=DIR/f bs=1048576 count=$SIZE_MB conv=fsync"
read_cmd="dd if=DIR/f of=/dev/null bs=1048576"

declare -A t
for ((r = 0; r < RUNS; r++)); do
    for side in volume host; do
        if [[ $side == volume ]]; then dir=/data; run=in_volume; else dir="$tmp/hostdir"; run=on_host; fi
        $run "rm -f $dir/f; sync" >/dev/null
        t[$side-write]+="$($run "${write_cmd//DIR/$dir}") "
        sync; echo 3 > /proc/sys/vm/drop_caches
        t[$side-read]+="$($run "${read_cmd//DIR/$dir}") "
    done
done
python3 - "$SIZE_MB" "$RUNS" "${t[volume-write]}" "${t[host-write]}" "${t[volume-read]}" "${t[host-read]}" <<'PY'
import statistics, sys
size, runs = int(sys.argv[1]), sys.argv[2]
vw, hw, vr, hr = (statistics.median(float(x) for x in a.split()) for a in sys.argv[3:7])
print(f"busybox dd, {size} MiB, bs=1M, median of {runs}:")
for what, v, h in (("write (conv=fsync)", vw, hw), ("read (cold cache)", vr, hr)):
    print(f"  {what:19} volume {size / v:7.1f} MiB/s  host {size / h:7.1f} MiB/s  ratio {h / v * 100:5.1f} %  (goal >= 95 %)")
PY
