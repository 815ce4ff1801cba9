#!/usr/bin/env bash
# Memory per running container: starts N (default 50) `run -d busybox sleep 3600` containers on a
# private berthd and reports berthd's RSS before/after and, per conmon of this daemon, the average
# RSS, PSS and USS from /proc/<pid>/smaps_rollup. RSS counts every resident page the process maps,
# including libc/glib pages shared by all conmons; PSS splits each shared page among its sharers;
# USS (Private_Clean + Private_Dirty) is what one more conmon adds. Goal: < 2 MB of monitor per
# container. It also adds up everything one more sleeping container costs: its conmon's PSS, the
# container process's own PSS, berthd's growth, and the kernel's (the growth of Slab + PageTables +
# KernelStack in /proc/meminfo: namespaces, cgroups, mounts, the overlay), and cross-checks that sum
# against the machine's own MemTotal - MemAvailable growth per container. Removes them after. Run it
# on an otherwise idle machine: the kernel figure is machine-wide.
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
kernel_before="$(kernel_kb)"
inuse_before=$(( $(meminfo_kb MemTotal) - $(meminfo_kb MemAvailable) ))

start=$(date +%s.%N)
for ((i = 0; i < N; i++)); do
    "${b[@]}" run -d --network none --name "dens$i" busybox sleep 3600 >/dev/null
done
elapsed="$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")"
sleep 2
after="$(rss_kb "$berthd_pid")"
kernel_after="$(kernel_kb)"
inuse_after=$(( $(meminfo_kb MemTotal) - $(meminfo_kb MemAvailable) ))

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

# The containers' own processes (busybox sleep), by their pids.
proc_pss=0
for pid in $("${b[@]}" inspect -f '{{.State.Pid}}' $("${b[@]}" ps -q)); do
    proc_pss=$((proc_pss + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)))
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
if ((conmon_count > 0)); then
    per_kernel=$(( (kernel_after - kernel_before) / N ))
    per_total=$(( conmon_pss / conmon_count + proc_pss / N + (after - before) / N + per_kernel ))
    echo "everything one more container costs (goal of the issue: < 2048 kB of overhead):"
    echo "  conmon PSS:                 $((conmon_pss / conmon_count)) kB"
    echo "  container process PSS:      $((proc_pss / N)) kB"
    echo "  berthd growth:              $(( (after - before) / N )) kB"
    echo "  kernel (Slab+PageTables+KernelStack growth): $per_kernel kB"
    echo "  total:                      $per_total kB"
    # The same question asked of the whole machine, with no attribution: how much less memory is
    # available with N more containers. Everything else on the machine moves this figure too.
    echo "  cross-check, machine-wide (MemTotal - MemAvailable growth / N): $(( (inuse_after - inuse_before) / N )) kB"
fi
"${b[@]}" rm -f $("${b[@]}" ps -aq) >/dev/null
