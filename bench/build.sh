#!/usr/bin/env bash
# Measures `berth build` of the six-step Dockerfile (FROM busybox, ENV, WORKDIR, COPY, RUN, CMD):
# the first (uncached) build, a fully cached rebuild (hyperfine), and a rebuild after a context
# change (COPY and RUN re-run). Always starts a private berthd in a temp directory, so the
# system daemon's cache never skews the first build.
#
#   bench/build.sh                                 installed binaries (/usr/local/bin)
#   BERTH=src/Berth.Cli/bin/Release/net10.0/berth BERTHD=src/Berth.Daemon/bin/Release/net10.0/berthd bench/build.sh
set -euo pipefail

BERTH="${BERTH:-/usr/local/bin/berth}"
BERTHD="${BERTHD:-/usr/local/bin/berthd}"
RUNS="${RUNS:-20}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for tool in hyperfine curl "$BERTH" "$BERTHD"; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (make deps / make install)" >&2; exit 1; }
done

tmp="$(mktemp -d /tmp/berth-bench-build.XXXXXX)"
pid=""
cleanup() {
    if [[ -n "$pid" ]]; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

host="unix://$tmp/berth.sock"
echo '{}' > "$tmp/daemon.json"
"$BERTHD" -H "$host" --data-root "$tmp/data" --exec-root "$tmp/exec" --pidfile "$tmp/berthd.pid" \
    --config-file "$tmp/daemon.json" >"$tmp/berthd.log" 2>&1 &
pid=$!
for ((i = 0; i < 300; i++)); do
    curl -fsS --max-time 1 --unix-socket "$tmp/berth.sock" http://localhost/_ping >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/berthd.log" >&2; exit 1; }
    sleep 0.1
done

rootfs="$tmp/busybox.tar"
bash "$here/../scripts/busybox-rootfs.sh" --tar "$rootfs" >/dev/null
"$BERTH" -H "$host" import --change 'CMD ["sh"]' "$rootfs" busybox:latest >/dev/null

ctx="$tmp/ctx"
mkdir -p "$ctx"
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM busybox
ENV GREETING=hello
WORKDIR /app
COPY . .
RUN cat message.txt && echo "$GREETING from run" > run.txt
CMD ["cat", "/app/message.txt", "/app/run.txt"]
DOCKERFILE
echo "first" > "$ctx/message.txt"

start=$(date +%s%N)
"$BERTH" -H "$host" build -q -t bench:1 "$ctx" >/dev/null
echo "first build (uncached): $(( ($(date +%s%N) - start) / 1000000 )) ms"

hyperfine --warmup 2 --runs "$RUNS" -N \
    "$BERTH -H $host build -q -t bench:1 $ctx" \
    --command-name "cached rebuild (6 steps)"

# COPY and RUN re-run when a context file changes; ENV and WORKDIR still hit the cache.
hyperfine --runs "$RUNS" --prepare "sh -c 'date +%s%N > $ctx/message.txt'" -N \
    "$BERTH -H $host build -q -t bench:1 $ctx" \
    --command-name "rebuild after a context change (COPY+RUN re-run)"
