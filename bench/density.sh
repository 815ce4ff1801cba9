#!/usr/bin/env bash
# Memory per running container: starts N (default 50) `run -d busybox sleep 3600` containers on a
# private berthd and reports berthd's RSS before/after and, per conmon of this daemon, the average
# RSS, PSS and USS from /proc/<pid>/smaps_rollup. RSS counts every resident page the process maps,
# including libc/glib pages shared by all conmons; PSS splits each shared page among its sharers;
# USS (Private_Clean + Private_Dirty) is what one more conmon adds. Goal: < 2 MB of monitor per
# container. It also reports what the whole machine gave up per container (the drop in
# /proc/meminfo's MemAvailable, and in its kernel-side Slab + PageTables + KernelStack): conmon,
# the container's own process, the kernel's namespaces, cgroups and mounts, and berthd's growth,
# all together. Removes them after. Run it on an otherwise idle machine: MemAvailable is global.
#
#   bench/density.sh                    published binaries in out/ (make publish)
#   N=100 BERTH=/usr/local/bin/berth BERTHD=/usr/local/bin/berthd bench/density.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
BERTH="${BERTH:-$repo/out/cli/berth}"
BERTHD="${BERTHD:-$repo/out/daemon/berthd}"
N="${N:-50}"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
trap stop_private_berthd EXIT

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
meminfo_kb() { awk -v k="$1:" '$1 == k {print $2}' /proc/meminfo; }
kernel_kb() { echo $(( $(meminfo_kb Slab) + $(meminfo_kb PageTables) + $(meminfo_kb KernelStack) )); }

start_private_berthd
b=("$BERTH" -H "$host")
sleep 2 # let start-up allocations settle
before="$(rss_kb "$berthd_pid")"
avail_before="$(meminfo_kb MemAvailable)"
kernel_before="$(kernel_kb)"

start=$(date +%s.%N)
for ((i = 0; i < N; i++)); do
    "${b[@]}" run -d --network none --name "dens$i" busybox sleep 3600 >/dev/null
done
elapsed="$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")"
sleep 2
after="$(rss_kb "$berthd_pid")"
avail_after="$(meminfo_kb MemAvailable)"
kernel_after="$(kernel_kb)"

running="$("${b[@]}" ps -q | wc -l)"
# Sums Rss, Pss and Private_Clean + Private_Dirty (kB) over this daemon's conmons.
conmon_rss=0 conmon_pss=0 conmon_uss=0 conmon_count=0
for pid in $(pgrep -x conmon); do
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$tmp/" || continue
    read -r rss pss uss < <(awk '/^Rss:/ {r=$2} /^Pss:/ {p=$2} /^Private_(Clean|Dirty):/ {u+=$2} END {print r+0, p+0, u+0}' "/proc/$pid/smaps_rollup") || continue
    conmon_rss=$((conmon_rss + rss))
    conmon_pss=$((conmon_pss + pss))
    conmon_uss=$((conmon_uss + uss))
    conmon_count=$((conmon_count + 1))
done

echo "containers running:       $running of $N (started in ${elapsed} s)"
echo "berthd RSS before:        $((before / 1024)) MiB ($before kB)"
echo "berthd RSS after:         $((after / 1024)) MiB ($after kB)"
echo "berthd RSS growth/container: $(( (after - before) / N )) kB"
if ((conmon_count > 0)); then
    echo "conmon processes:         $conmon_count"
    echo "conmon per container (goal < 2048 kB):"
    echo "  RSS (all resident pages, shared libs counted in full): $((conmon_rss / conmon_count)) kB"
    echo "  PSS (shared pages split among their sharers):          $((conmon_pss / conmon_count)) kB"
    echo "  USS (Private_Clean + Private_Dirty, added per conmon): $((conmon_uss / conmon_count)) kB"
fi
echo "machine, per container (all of it: monitor, container process, kernel, berthd):"
echo "  MemAvailable drop:                     $(( (avail_before - avail_after) / N )) kB"
echo "  of which kernel (Slab+PageTables+KernelStack): $(( (kernel_after - kernel_before) / N )) kB"
"${b[@]}" rm -f $("${b[@]}" ps -aq) >/dev/null
