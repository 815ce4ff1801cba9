#!/usr/bin/env bash
# Starts the system berthd in the background unless one already answers on the socket, then
# waits until it serves requests. A daemon started from binaries older than the installed ones
# is restarted, so `make run` after a rebuild runs the new code.
set -euo pipefail

BERTHD="${BERTHD:-/usr/local/bin/berthd}"
SOCKET="${BERTH_SOCKET:-/run/berth/berth.sock}"
PIDFILE="${BERTH_PIDFILE:-/run/berth/berthd.pid}"
# Only non-default locations become flags: berthd refuses a setting given both as a flag and
# in /etc/berth/daemon.json.
args=()
[[ -n "${BERTH_SOCKET:-}" ]] && args+=(-H "unix://$SOCKET")
[[ -n "${BERTH_PIDFILE:-}" ]] && args+=(--pidfile "$PIDFILE")
LOG="${BERTH_LOG:-/var/log/berthd.log}"
TIMEOUT="${BERTH_START_TIMEOUT:-30}"

ping_ok() {
    curl -fsS --max-time 2 --unix-socket "$SOCKET" http://localhost/_ping >/dev/null 2>&1
}

running_pid() {
    [[ -s "$PIDFILE" ]] || return 1
    local pid
    pid="$(cat "$PIDFILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q berthd || return 1
    echo "$pid"
}

stop_daemon() {
    local pid="$1" i
    echo "stopping berthd (pid $pid): the installed binaries are newer"
    kill -TERM "$pid"
    for ((i = 0; i < 200; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    echo "error: berthd (pid $pid) did not stop within 20 s" >&2
    exit 1
}

if pid="$(running_pid)"; then
    if [[ "$(readlink -f "$BERTHD")" -nt "$PIDFILE" ]]; then
        stop_daemon "$pid"
    elif ping_ok; then
        echo "berthd is running (pid $pid) on $SOCKET"
        exit 0
    fi
elif ping_ok; then
    echo "a daemon already answers on $SOCKET; not starting another"
    exit 0
fi

if [[ ! -x "$BERTHD" ]]; then
    echo "error: $BERTHD not found: run 'make install' first" >&2
    exit 1
fi

mkdir -p "$(dirname "$SOCKET")" "$(dirname "$PIDFILE")" "$(dirname "$LOG")"
echo "starting berthd on $SOCKET (log: $LOG)"
# setsid + nohup: the daemon outlives this shell and make's process group.
setsid nohup "$BERTHD" "${args[@]}" >>"$LOG" 2>&1 </dev/null &
child=$!

for ((i = 0; i < TIMEOUT * 10; i++)); do
    if ping_ok; then
        echo "berthd is up (pid $(cat "$PIDFILE" 2>/dev/null || echo "$child"))"
        exit 0
    fi
    if ! kill -0 "$child" 2>/dev/null; then
        echo "error: berthd exited during start-up; last lines of $LOG:" >&2
        tail -n 30 "$LOG" >&2
        exit 1
    fi
    sleep 0.1
done
echo "error: berthd did not answer on $SOCKET within $TIMEOUT s; last lines of $LOG:" >&2
tail -n 30 "$LOG" >&2
exit 1
