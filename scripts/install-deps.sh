#!/usr/bin/env bash
# Installs the Debian packages Berth needs to build and run; with --test also the tools the tests
# and benchmarks compare against or drive. Fast when all are present: apt-get runs only for what
# dpkg reports missing.
set -euo pipefail

packages=(
    runc conmon               # OCI runtime and per-container monitor
    tini                      # --init: /usr/bin/tini-static is bind-mounted as /sbin/docker-init
    busybox-static            # the default local image is built from it
    iptables iproute2         # container networking
    clang zlib1g-dev          # Native AOT linking (berth, and berthd when DAEMON_AOT=true)
    curl tar gzip             # scripts and the daemon's health check
)

if [[ "${1:-}" == "--test" ]]; then
    packages+=(
        hyperfine             # bench/
        docker-compose        # Compose integration tests (docker-compose 1.29 over the Engine API)
        debootstrap           # scripts/debian-image.sh: the local debian:bookworm for the build tests
        docker.io             # dockerd 20.10, the reference engine for interop tests and bench; never used by Berth
        openssh-client        # ssh-agent and ssh-add for the RUN --mount=type=ssh tests
        python3-docker        # docker-py, whose hijacked-stream reading the DockerPy tests exercise (docker-compose pulls it in too)
    )
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$p")
    fi
done

if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
        echo "error: installing packages needs root (run as root or install: ${missing[*]})" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null; then
    echo "error: the .NET 10 SDK (dotnet) is not on PATH" >&2
    exit 1
fi

# berthd hands its socket to this group (mode 0660), as dockerd does with "docker".
if [[ $(id -u) -eq 0 ]] && ! getent group berth >/dev/null; then
    groupadd --system berth
fi
