#!/usr/bin/env bash
# Image builds, Berth beside Docker 20.10 with BuildKit, in one run on the same machine:
#   (i)   fully cached rebuild of a six-step Dockerfile (FROM busybox, ENV, WORKDIR, COPY, RUN, CMD)
#   (ii)  the same build with nothing cached (--no-cache: every step runs), plus a true first build
#   (iii) a three-stage build whose first two stages are independent (RUN sleep 1 each): run in
#         parallel, the build takes about one sleep, not two
#   (iv)  a rebuild after a context change (COPY and RUN run again)
# Each engine is a private daemon on a temp data root: berthd, and dockerd (Debian's docker.io,
# installed here if missing) with its own data root, exec root, socket and pidfile, no iptables and
# no bridge, so it leaves the host's network alone. Both are stopped at the end.
#
#   bench/build.sh                       Release binaries from out/ (see below)
#   BENCH_DOCKER=0 bench/build.sh        Berth only
#   BERTH=… BERTHD=… bench/build.sh      other binaries
#
# Release binaries: dotnet publish src/Berth.Cli -c Release -r linux-x64 -o out/cli (Native AOT) and
# dotnet publish src/Berth.Daemon -c Release -r linux-x64 -o out/daemon.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
BERTH="${BERTH:-$repo/out/cli/berth}"
BERTHD="${BERTHD:-$repo/out/daemon/berthd}"
RUNS="${RUNS:-20}"
SLOW_RUNS="${SLOW_RUNS:-10}"
BENCH_DOCKER="${BENCH_DOCKER:-1}"
DOCKER_SOCK="${DOCKER_SOCK:-/run/bench-docker.sock}"
DOCKER=/usr/bin/docker # docker.io's 20.10 client: BuildKit built in (the 28.x client needs buildx)

for tool in hyperfine curl "$BERTH" "$BERTHD"; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (make deps; publish as above)" >&2; exit 1; }
done

tmp="$(mktemp -d /tmp/berth-bench-build.XXXXXX)"
berthd_pid=""
dockerd_pid=""
cleanup() {
    set +e
    if [[ -n "$berthd_pid" ]]; then
        kill -TERM "$berthd_pid" 2>/dev/null
        wait "$berthd_pid" 2>/dev/null
    fi
    if [[ -n "$dockerd_pid" ]]; then
        # dockerd stops the containerd it started itself; wait for that one too before removing.
        local containerd
        containerd="$(cat "$tmp/docker-exec/containerd/containerd.pid" 2>/dev/null)"
        kill -TERM "$dockerd_pid" 2>/dev/null
        wait "$dockerd_pid" 2>/dev/null
        for ((i = 0; i < 100; i++)); do
            [[ -n "$containerd" ]] && kill -0 "$containerd" 2>/dev/null || break
            sleep 0.1
        done
    fi
    # Anything still mounted under the temp roots (a killed daemon's overlays) goes before rm.
    grep -o " $tmp/[^ ]*" /proc/self/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
    for ((i = 0; i < 5; i++)); do
        rm -rf "$tmp" 2>/dev/null && break
        sleep 1
    done
    [[ -e "$tmp" ]] && echo "warning: could not remove $tmp" >&2
}
trap cleanup EXIT

wait_for_socket() { # socket pid log
    for ((i = 0; i < 300; i++)); do
        curl -fsS --max-time 1 --unix-socket "$1" http://localhost/_ping >/dev/null 2>&1 && return 0
        kill -0 "$2" 2>/dev/null || { cat "$3" >&2; return 1; }
        sleep 0.1
    done
    cat "$3" >&2
    return 1
}

# ---- Berth -------------------------------------------------------------------------------------
bhost="unix://$tmp/berth.sock"
echo '{}' > "$tmp/daemon.json"
"$BERTHD" -H "$bhost" --data-root "$tmp/berth" --exec-root "$tmp/berth-exec" --pidfile "$tmp/berthd.pid" \
    --config-file "$tmp/daemon.json" >"$tmp/berthd.log" 2>&1 &
berthd_pid=$!
wait_for_socket "$tmp/berth.sock" "$berthd_pid" "$tmp/berthd.log"
bash "$repo/scripts/busybox-rootfs.sh" --tar "$tmp/busybox.tar" >/dev/null
"$BERTH" -H "$bhost" import --change 'CMD ["sh"]' "$tmp/busybox.tar" busybox:latest >/dev/null
berth="$BERTH -H $bhost"

# ---- Docker 20.10 ------------------------------------------------------------------------------
docker_note=""
if [[ "$BENCH_DOCKER" == 1 ]]; then
    if ! command -v dockerd >/dev/null || [[ ! -x "$DOCKER" ]]; then
        echo "installing docker.io (Debian's Docker 20.10) for the comparison"
        # No init system may start the packaged dockerd (with iptables and docker0) behind our back.
        guard=""
        if [[ ! -e /usr/sbin/policy-rc.d ]]; then
            printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && guard=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
        [[ -n "$guard" ]] && rm -f /usr/sbin/policy-rc.d
    fi
    rm -f "$DOCKER_SOCK"
    dockerd --data-root "$tmp/docker" --exec-root "$tmp/docker-exec" -H "unix://$DOCKER_SOCK" \
        --pidfile "$tmp/dockerd.pid" --iptables=false --bridge=none \
        --config-file "$tmp/daemon.json" >"$tmp/dockerd.log" 2>&1 &
    dockerd_pid=$!
    if wait_for_socket "$DOCKER_SOCK" "$dockerd_pid" "$tmp/dockerd.log"; then
        export DOCKER_HOST="unix://$DOCKER_SOCK" DOCKER_BUILDKIT=1 DOCKER_CONFIG="$tmp/docker-config"
        "$BERTH" -H "$bhost" save busybox:latest | "$DOCKER" load >/dev/null
        echo "$("$DOCKER" version --format 'Docker {{.Server.Version}}, BuildKit') beside $("$BERTH" -H "$bhost" version --format 'Berth {{.Server.Version}}' 2>/dev/null || echo Berth)"
    else
        docker_note="dockerd did not start (log above): Berth only"
        echo "$docker_note" >&2
        dockerd_pid=""
        BENCH_DOCKER=0
    fi
fi
docker="$DOCKER" # with DOCKER_HOST etc. exported above

# ---- contexts ----------------------------------------------------------------------------------
six="$tmp/six"
mkdir -p "$six"
cat > "$six/Dockerfile" <<'DOCKERFILE'
FROM busybox
ENV GREETING=hello
WORKDIR /app
COPY . .
RUN cat message.txt && echo "$GREETING from run" > run.txt
CMD ["cat", "/app/message.txt", "/app/run.txt"]
DOCKERFILE
echo "first" > "$six/message.txt"

par="$tmp/parallel"
mkdir -p "$par"
cat > "$par/Dockerfile" <<'DOCKERFILE'
FROM busybox AS a
RUN sleep 1 && echo a > /a
FROM busybox AS b
RUN sleep 1 && echo b > /b
FROM busybox
COPY --from=a /a /a
COPY --from=b /b /b
DOCKERFILE

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

runs_done=0
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# Builds for the two engines side by side in one hyperfine call; extra hyperfine args first. RUN
# steps use --network none on both: this dockerd has no bridge (it must leave the host's network
# alone), and the busybox steps need no network. Berth's default bridge is measured separately.
compare() { # name berth-args docker-args hyperfine-args...
    local name="$1" bargs="$2" dargs="$3"
    shift 3
    local cmds=(--command-name "berth: $name" "$berth build -q --network none $bargs")
    if [[ "$BENCH_DOCKER" == 1 ]]; then
        cmds+=(--command-name "docker 20.10 buildkit: $name" "$docker build -q --network none $dargs")
    fi
    hyperfine -N --export-json "$tmp/results-$((++runs_done)).json" "$@" "${cmds[@]}"
}

echo
echo "== true first build (one each, empty caches)"
start=$(date +%s%N); $berth build -q --network none -t bench:1 "$six" >/dev/null; echo "berth:  $(ms_since "$start") ms"
if [[ "$BENCH_DOCKER" == 1 ]]; then
    start=$(date +%s%N); $docker build -q --network none -t bench:1 "$six" >/dev/null; echo "docker: $(ms_since "$start") ms"
fi

echo
echo "== (i) fully cached rebuild, six steps"
compare "cached rebuild" "-t bench:1 $six" "-t bench:1 $six" --warmup 2 --runs "$RUNS"

echo
echo "== (ii) nothing cached (--no-cache), six steps"
compare "no-cache build" "--no-cache -t bench:1 $six" "--no-cache -t bench:1 $six" --warmup 1 --runs "$SLOW_RUNS"

echo
echo "== (ii b) the same with Berth's default network (a bridge netns and veth for the RUN container)"
hyperfine -N --warmup 1 --runs "$SLOW_RUNS" --export-json "$tmp/results-$((++runs_done)).json" \
    --command-name "berth: no-cache build, bridge" "$berth build -q --no-cache -t bench:1 $six"

echo
echo "== (iii) two independent stages of RUN sleep 1, then a stage copying from both (--no-cache)"
compare "two parallel stages" "--no-cache -t par:1 $par" "--no-cache -t par:1 $par" --warmup 1 --runs "$SLOW_RUNS"

echo
echo "== (iv) rebuild after a context change (COPY + RUN + CMD run again)"
compare "rebuild after a context change" "-t bench:1 $six" "-t bench:1 $six" --runs "$SLOW_RUNS" \
    --prepare "sh -c 'date +%s%N > $six/message.txt'"

echo
echo "== medians (ms)"
python3 - "$tmp"/results-*.json <<'PY'
import json, statistics, sys
for path in sorted(sys.argv[1:], key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0])):
    for r in json.load(open(path))["results"]:
        t = r["times"]
        print(f"| {r['command']} | {statistics.median(t) * 1000:.0f} | {min(t) * 1000:.0f} | {len(t)} |")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n "$docker_note" ]]; then
    echo "note: $docker_note"
fi
