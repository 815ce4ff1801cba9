#!/usr/bin/env bash
# Creates a local debian:bookworm image (there is no registry to pull it from): a minbase
# debootstrap of bookworm from Debian's mirror, shaped like Docker's official debian image (empty
# apt lists, deb822 sources, the docker-clean apt settings, CMD ["bash"], PATH), then imported.
#
# debootstrap runs once per machine: the rootfs is cached as a tarball, so reruns (and CI reruns on
# the same machine) only import it.
#
#   scripts/debian-image.sh                 cache the tarball (if needed) and import debian:bookworm
#   scripts/debian-image.sh --tar-only      only make sure the cached tarball exists; print its path
#   scripts/debian-image.sh --force         import again even if the daemon has debian:bookworm
#
# Environment: BERTH (CLI, default berth on PATH), BERTH_HOST (daemon, e.g. unix:///tmp/x.sock),
# DEBIAN_IMAGE_CACHE (default /var/cache/berth-test/debian-bookworm.tar.gz),
# DEBIAN_MIRROR (default http://deb.debian.org/debian), DEBIAN_IMAGE (default debian:bookworm).
#
# Exit codes: 0 done, 75 debootstrap could not reach the mirror (no network: callers may skip),
# anything else a real failure.
set -euo pipefail

SUITE=bookworm
CACHE="${DEBIAN_IMAGE_CACHE:-/var/cache/berth-test/debian-bookworm.tar.gz}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
IMAGE="${DEBIAN_IMAGE:-debian:bookworm}"
BERTH="${BERTH:-berth}"
# Docker's debian image sets exactly this PATH.
IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

tar_only=false
force=false
for arg in "$@"; do
    case "$arg" in
        --tar-only) tar_only=true ;;
        --force) force=true ;;
        *) echo "usage: $0 [--tar-only] [--force]" >&2; exit 2 ;;
    esac
done

# Shapes the fresh debootstrap tree like Docker's debian:bookworm (debuerreotype's minimizing config).
shape_rootfs() {
    local root="$1"
    rm -f "$root/etc/apt/sources.list"
    cat > "$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    cat > "$root/etc/apt/apt.conf.d/docker-clean" <<'CLEAN'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CLEAN
    echo 'Acquire::Languages "none";' > "$root/etc/apt/apt.conf.d/docker-no-languages"
    echo 'Apt::AutoRemove::SuggestsImportant "false";' > "$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
    # Package maintainer scripts must not start daemons inside a build container.
    printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
    chmod 0755 "$root/usr/sbin/policy-rc.d"
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
        "$root"/var/log/bootstrap.log "$root"/debootstrap
    # Docker's image has no device nodes or hostname: the runtime provides them.
    rm -rf "${root:?}"/dev/* "$root"/proc/* "$root"/sys/* "$root"/run/*
    : > "$root/etc/hostname"
}

make_tarball() {
    if ! command -v debootstrap >/dev/null; then
        echo "error: debootstrap not found (apt-get install debootstrap, or make deps)" >&2
        exit 1
    fi
    mkdir -p "$(dirname "$CACHE")"
    local work
    work="$(mktemp -d "$(dirname "$CACHE")/.debootstrap.XXXXXX")"
    # shellcheck disable=SC2064 # expand now: work is local
    trap "rm -rf '$work'" EXIT
    echo "debootstrap --variant=minbase $SUITE from $MIRROR (once; cached as $CACHE)" >&2
    # A second attempt from scratch: one dropped download should not cost a test run its Debian tests.
    local ok=false attempt
    for attempt in 1 2; do
        rm -rf "$work/rootfs"
        if debootstrap --variant=minbase "$SUITE" "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
            ok=true
            break
        fi
        ((attempt == 1)) && echo "debootstrap failed; trying once more" >&2 && tail -n 3 "$work/debootstrap.log" >&2
    done
    if ! $ok; then
        tail -n 20 "$work/debootstrap.log" >&2
        if grep -qE "Failed getting release file|Couldn't download|Temporary failure resolving|Could not resolve|Connection refused|Network is unreachable|Failed to fetch" "$work/debootstrap.log"; then
            echo "error: debootstrap could not reach $MIRROR (no network?)" >&2
            exit 75
        fi
        echo "error: debootstrap failed (log above)" >&2
        exit 1
    fi
    shape_rootfs "$work/rootfs"
    # Numeric owners and sorted names; written beside the cache and renamed, so a concurrent or
    # interrupted run never sees half a tarball.
    tar -C "$work/rootfs" --numeric-owner --sort=name --xattrs -czf "$work/rootfs.tar.gz" .
    mv -f "$work/rootfs.tar.gz" "$CACHE"
    rm -rf "$work"
    trap - EXIT
}

mkdir -p "$(dirname "$CACHE")"
# One debootstrap at a time per cache file (parallel test processes, CI reruns).
exec 9>"$CACHE.lock"
flock 9
if [[ ! -s "$CACHE" ]]; then
    make_tarball
fi
flock -u 9

if $tar_only; then
    echo "$CACHE"
    exit 0
fi

# BERTH may carry arguments ("dotnet /path/berth.dll"), as the test harness passes it.
read -ra berth <<<"$BERTH"
if [[ -n "${BERTH_HOST:-}" ]]; then
    berth+=(-H "$BERTH_HOST")
fi
if ! $force && "${berth[@]}" image inspect "$IMAGE" >/dev/null 2>&1; then
    exit 0
fi
"${berth[@]}" import --change 'CMD ["bash"]' --change "ENV PATH=$IMAGE_PATH" "$CACHE" "$IMAGE"
