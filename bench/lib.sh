# Shared by the bench scripts: a private berthd in a temp directory with busybox:latest.
# Needs BERTH, BERTHD and here set; sets tmp, host, berthd_pid; stop_private_berthd stops it and
# removes everything it made (containers, mounts, its bridge and iptables chains, the temp dir).

# Release binaries in out/ unless BERTH/BERTHD point elsewhere; published when missing.
ensure_published() {
    local repo
    repo="$(cd "$here/.." && pwd)"
    [[ -x "$BERTH" ]] || dotnet publish "$repo/src/Berth.Cli" -c Release -r linux-x64 -o "$(dirname "$BERTH")" >/dev/null
    [[ -x "$BERTHD" ]] || dotnet publish "$repo/src/Berth.Daemon" -c Release -r linux-x64 -o "$(dirname "$BERTHD")" >/dev/null
}

# start_private_berthd [PARENT]: the temp directory goes under PARENT (default /tmp); the binaries
# are copied into it first, so a `make publish` during the run cannot swap them mid-measurement.
start_private_berthd() {
    tmp="$(mktemp -d "${1:-/tmp}/berth-bench.XXXXXX")"
    cp "$BERTH" "$tmp/berth"
    cp -r "$(dirname "$BERTHD")" "$tmp/daemon-bin"
    BERTH="$tmp/berth"
    BERTHD="$tmp/daemon-bin/$(basename "$BERTHD")"
    host="unix://$tmp/berth.sock"
    echo '{}' > "$tmp/daemon.json"
    "$BERTHD" -H "$host" --data-root "$tmp/data" --exec-root "$tmp/exec" --pidfile "$tmp/berthd.pid" \
        --config-file "$tmp/daemon.json" ${BERTHD_ARGS:-} >"$tmp/berthd.log" 2>&1 &
    berthd_pid=$!
    local i
    for ((i = 0; i < 300; i++)); do
        curl -fsS --max-time 1 --unix-socket "$tmp/berth.sock" http://localhost/_ping >/dev/null 2>&1 && break
        kill -0 "$berthd_pid" 2>/dev/null || { cat "$tmp/berthd.log" >&2; exit 1; }
        sleep 0.1
    done
    "$here/../scripts/busybox-rootfs.sh" --tar - | "$BERTH" -H "$host" import --change 'CMD ["sh"]' - busybox:latest >/dev/null
}

stop_private_berthd() {
    if [[ -n "${berthd_pid:-}" ]]; then
        local ids
        ids="$("$BERTH" -H "$host" ps -aq 2>/dev/null || true)"
        [[ -n "$ids" ]] && "$BERTH" -H "$host" rm -f $ids >/dev/null 2>&1 || true
        kill -TERM "$berthd_pid" 2>/dev/null || true
        wait "$berthd_pid" 2>/dev/null || true
        berthd_pid=""
        remove_daemon_network "$tmp/exec"
    fi
    if [[ -n "${tmp:-}" && -d "$tmp" ]]; then
        # Anything still mounted under the temp dir (a crashed run) must go before rm -rf.
        grep -o " $tmp[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done || true
        rm -rf "$tmp"
    fi
    return 0
}

# A private daemon's default bridge and iptables chains outlive it (as docker0 outlives dockerd);
# the bench removes them with the daemon. Both are named from a hash of the exec root (NetworkDefaults).
remove_daemon_network() {
    local exec_root
    exec_root="$(realpath -m "$1")"
    remove_network_tag "$(printf '%s' "${exec_root%/}" | sha256sum | cut -c1-8)"
}

remove_network_tag() {
    local tag="$1" prefix table rule chain
    prefix="BERTH-${tag^^}"
    ip link delete "berth-$tag" 2>/dev/null || true
    for table in filter nat; do
        { iptables-save -t "$table" | grep "^-A " | grep -v "^-A $prefix" | grep -e "-j $prefix" || true; } | while read -r rule; do
            # shellcheck disable=SC2086
            iptables -t "$table" -D ${rule#-A } 2>/dev/null || true
        done
        for chain in $(iptables-save -t "$table" | grep "^:$prefix" | cut -d' ' -f1 | tr -d ':' || true); do
            iptables -t "$table" -F "$chain" 2>/dev/null || true
        done
        for chain in $(iptables-save -t "$table" | grep "^:$prefix" | cut -d' ' -f1 | tr -d ':' || true); do
            iptables -t "$table" -X "$chain" 2>/dev/null || true
        done
    done
}

# Median (seconds) of one command from a hyperfine JSON export.
median_of() {
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[int(sys.argv[2])]["median"])' "$1" "$2"
}
