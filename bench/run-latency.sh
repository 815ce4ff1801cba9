#!/usr/bin/env bash
# `run --rm busybox true` end to end: berth vs a bare `runc run` of the same rootfs vs Docker 20.10
# (Debian's docker.io, started by hand on its own roots and socket), side by side in one hyperfine
# run, with no network and on each engine's default bridge. Goals: with no network berth <= 2.5x
# runc and >= 4x faster than docker (issue 3); on the bridge berth >= 4x faster than docker and
# within 1.5x of its own no-network figure (issue 4).
#
# dockerd runs inside a network namespace of its own (`nsenter --net`; `ip netns exec` would also
# give it a fresh /sys without the cgroup mounts), so its docker0 bridge, its iptables chains and
# its FORWARD DROP policy exist only there and the host is left as it was.
#
#   bench/run-latency.sh                         published binaries in out/ (make publish)
#   BERTH=/usr/local/bin/berth BERTHD=/usr/local/bin/berthd bench/run-latency.sh
#   NO_DOCKER=1 bench/run-latency.sh             skip Docker
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
BERTH="${BERTH:-$repo/out/cli/berth}"
BERTHD="${BERTHD:-$repo/out/daemon/berthd}"
RUNS="${RUNS:-30}"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

for tool in hyperfine curl runc python3 "$BERTH" "$BERTHD"; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done

docker_tmp=""
dockerd_pid=""
DOCKER_SOCK=/run/bench-docker.sock
DOCKER_NETNS=berth-bench-docker
cleanup() {
    if [[ -n "$dockerd_pid" ]]; then
        DOCKER_HOST="unix://$DOCKER_SOCK" docker rm -f $(DOCKER_HOST="unix://$DOCKER_SOCK" docker ps -aq 2>/dev/null) >/dev/null 2>&1 || true
        kill -TERM "$dockerd_pid" 2>/dev/null || true
        wait "$dockerd_pid" 2>/dev/null || true
        # dockerd stops the containerd it started; make sure of it.
        [[ -f "$docker_tmp/exec/containerd/containerd.pid" ]] && kill -TERM "$(cat "$docker_tmp/exec/containerd/containerd.pid")" 2>/dev/null || true
    fi
    if [[ -n "$docker_tmp" && -d "$docker_tmp" ]]; then
        grep -o " $docker_tmp[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done || true
        rm -rf "$docker_tmp"
    fi
    rm -f "$DOCKER_SOCK"
    ip netns delete "$DOCKER_NETNS" 2>/dev/null || true
    [[ -n "${bundle:-}" ]] && rm -rf "$bundle"
    stop_private_berthd
    return 0
}
trap cleanup EXIT

start_private_berthd
echo "private berthd on $host"

# A runc bundle with the same busybox rootfs: runc spec, not a terminal, args `true`.
bundle="$(mktemp -d /tmp/berth-bench-runc.XXXXXX)"
"$repo/scripts/busybox-rootfs.sh" "$bundle/rootfs"
(cd "$bundle" && runc spec)
python3 - "$bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]; c = json.load(open(p))
c["process"]["terminal"] = False
c["process"]["args"] = ["true"]
json.dump(c, open(p, "w"), indent=2)
PY
runc_root="$bundle/state"
mkdir -p "$runc_root"

commands=(
    "$BERTH -H $host run --rm --network none busybox true"
    "runc --root $runc_root run -b $bundle bench-\$RANDOM\$RANDOM"
    "$BERTH -H $host run --rm busybox true"
)
names=("berth run, none" "runc run" "berth run, bridge")

docker_error=""
if [[ -z "${NO_DOCKER:-}" ]]; then
    if ! command -v dockerd >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io >/tmp/bench-docker-install.log 2>&1 \
            || docker_error="apt-get install docker.io failed: $(tail -3 /tmp/bench-docker-install.log | tr '\n' ' ')"
    fi
    if [[ -z "$docker_error" ]]; then
        docker_tmp="$(mktemp -d /tmp/bench-docker.XXXXXX)"
        ip netns delete "$DOCKER_NETNS" 2>/dev/null || true
        ip netns add "$DOCKER_NETNS"
        ip -n "$DOCKER_NETNS" link set lo up
        nsenter --net="/run/netns/$DOCKER_NETNS" dockerd --data-root "$docker_tmp/data" --exec-root "$docker_tmp/exec" -H "unix://$DOCKER_SOCK" \
            --pidfile "$docker_tmp/dockerd.pid" \
            >"$docker_tmp/dockerd.log" 2>&1 &
        dockerd_pid=$!
        for ((i = 0; i < 300; i++)); do
            curl -fsS --max-time 1 --unix-socket "$DOCKER_SOCK" http://localhost/_ping >/dev/null 2>&1 && break
            kill -0 "$dockerd_pid" 2>/dev/null || break
            sleep 0.1
        done
        if ! curl -fsS --max-time 1 --unix-socket "$DOCKER_SOCK" http://localhost/_ping >/dev/null 2>&1; then
            docker_error="dockerd did not start: $(tail -3 "$docker_tmp/dockerd.log" | tr '\n' ' ')"
        else
            # Debian's docker.io client (20.10) is /usr/bin/docker; the image is berth's own busybox.
            "$BERTH" -H "$host" save busybox:latest | /usr/bin/docker -H "unix://$DOCKER_SOCK" load >/dev/null
            dv="$(/usr/bin/docker -H "unix://$DOCKER_SOCK" version --format '{{.Server.Version}}')"
            if check="$(/usr/bin/docker -H "unix://$DOCKER_SOCK" run --rm --network none busybox true 2>&1)"; then
                commands+=("/usr/bin/docker -H unix://$DOCKER_SOCK run --rm --network none busybox true")
                names+=("docker $dv run, none")
                commands+=("/usr/bin/docker -H unix://$DOCKER_SOCK run --rm busybox true")
                names+=("docker $dv run, bridge")
            else
                docker_error="docker run failed: $check"
            fi
        fi
    fi
    [[ -n "$docker_error" ]] && echo "Docker skipped: $docker_error" >&2
fi

json="$(mktemp /tmp/berth-bench-json.XXXXXX)"
hyperfine --warmup 3 --runs "$RUNS" --shell bash --export-json "$json" "${commands[@]}"

echo
python3 - "$json" "${names[@]}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
names = sys.argv[2:]
m = {n: x["median"] * 1000 for n, x in zip(names, r)}
for n in names:
    print(f"median {n:28s} {m[n]:7.1f} ms")
bn, rc, bb = m[names[0]], m[names[1]], m[names[2]]
print(f"berth none / runc        = {bn / rc:.2f}x (goal <= 2.5x)")
print(f"berth bridge / none      = {bb / bn:.2f}x (goal <= 1.5x)")
if len(names) > 3:
    dn, db = m[names[3]], m[names[4]]
    print(f"docker / berth, none     = {dn / bn:.2f}x (goal >= 4x)")
    print(f"docker / berth, bridge   = {db / bb:.2f}x (goal >= 4x)")
PY
rm -f "$json"
