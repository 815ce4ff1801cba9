#!/usr/bin/env bash
# Builds the root filesystem of Berth's default local image, busybox:latest, from Debian's
# busybox-static. There is no registry to pull from, so `make run` and the test harness both
# build the image from this one script (same layout, same bytes, same image ID).
#
#   scripts/busybox-rootfs.sh DIR          fill DIR with the rootfs
#   scripts/busybox-rootfs.sh --tar FILE   write the rootfs as a reproducible tar ("-" = stdout)
set -euo pipefail

BUSYBOX="${BUSYBOX:-/bin/busybox}"

usage() {
    echo "usage: $0 DIR | --tar FILE" >&2
    exit 2
}

build_rootfs() {
    local root="$1"
    if [[ ! -x "$BUSYBOX" ]]; then
        echo "error: $BUSYBOX not found (apt-get install busybox-static)" >&2
        exit 1
    fi
    mkdir -p "$root"/{bin,etc,root,var,home,dev,proc,sys,usr/bin,usr/sbin,sbin}
    mkdir -p "$root/tmp" "$root/var/tmp"
    chmod 1777 "$root/tmp" "$root/var/tmp"
    chmod 700 "$root/root"
    install -m 0755 "$BUSYBOX" "$root/bin/busybox"
    local applet
    for applet in $("$root/bin/busybox" --list); do
        [[ "$applet" == busybox ]] && continue
        ln -sf busybox "$root/bin/$applet"
    done
    cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/home:/bin/false
PASSWD
    cat > "$root/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
nobody:x:65534:
GROUP
    chmod 0644 "$root/etc/passwd" "$root/etc/group"
}

[[ $# -ge 1 ]] || usage
if [[ "$1" == "--tar" ]]; then
    [[ $# -eq 2 ]] || usage
    out="$2"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    build_rootfs "$work/rootfs"
    # Fixed order, owners and times make the layer digest, and so the image ID, reproducible.
    tar_args=(-C "$work/rootfs" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner
        --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf)
    if [[ "$out" == "-" ]]; then
        tar "${tar_args[@]}" - .
    else
        tar "${tar_args[@]}" "$out.tmp.$$" . && mv -f "$out.tmp.$$" "$out"
    fi
else
    [[ $# -eq 1 ]] || usage
    build_rootfs "$1"
fi
