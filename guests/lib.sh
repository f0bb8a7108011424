# Shared helpers for the guest build scripts. Sourced, never executed.
# shellcheck shell=bash

GUESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$GUESTS_DIR/.." && pwd)
CACHE=${HURDVM_GUEST_CACHE:-$REPO_DIR/.cache/guests}

log() { printf '%s: %s\n' "${PROG:-guests}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${PROG:-guests}" "$*" >&2; exit 1; }

# need_cmd CMD PACKAGE: fail with the Debian package to install when CMD is missing.
need_cmd() {
    command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] \
        || die "'$1' not found; install the Debian package '$2' (apt-get install $2)"
}

# need_file PATH PACKAGE: same as need_cmd for plain files (kernels, libraries).
need_file() {
    [ -e "$1" ] || die "'$1' not found; install the Debian package '$2' (apt-get install $2)"
}

# pkg_versions PKG...: "name=version" lines; the cache key changes when a package is upgraded.
pkg_versions() {
    local p v
    for p in "$@"; do
        v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null) \
            || die "Debian package '$p' is not installed (apt-get install $p)"
        printf '%s=%s\n' "$p" "$v"
    done
}

# inputs_key EXTRA...: hash of this library, the calling script and EXTRA (package versions, flags).
inputs_key() {
    { cat "$GUESTS_DIR/lib.sh" "$0"; printf '%s\n' "$@"; } | sha256sum | cut -d' ' -f1
}

# up_to_date OUTPUT KEY: true when OUTPUT exists and was built from the same inputs.
up_to_date() {
    [ -s "$1" ] && [ -f "$1.inputs" ] && [ "$(cat "$1.inputs")" = "$2" ]
}

# exit_if_up_to_date OUTPUT KEY LOCK: exits 0 when OUTPUT is current; otherwise returns holding the
# lock LOCK (fd 9, released on exit), so parallel callers wait for one build instead of racing.
exit_if_up_to_date() {
    if up_to_date "$1" "$2"; then
        log "up to date: $1"
        exit 0
    fi
    mkdir -p "$CACHE" || die "cannot create cache directory $CACHE"
    need_cmd flock util-linux
    exec 9>"$CACHE/.$3.lock"
    flock 9
    if up_to_date "$1" "$2"; then   # another build finished while we waited for the lock
        log "up to date: $1"
        exit 0
    fi
}

# grub_serial_header: the grub.cfg lines that put GRUB on the first serial port and boot the
# first entry at once; both guests use them so their consoles behave alike.
grub_serial_header() {
    cat <<'EOF'
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
set default=0
EOF
}

# new_workdir: a temp dir inside the cache (same filesystem, so the final mv is atomic);
# removed on exit whatever happens.
new_workdir() {
    WORK=$(mktemp -d "$CACHE/.work.XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
}

# publish TMPFILE OUTPUT KEY: atomically install a finished build and record its inputs.
# Outputs are read-only: guests must boot from a qcow2 overlay, never from the cached image.
publish() {
    chmod 0444 "$1"
    mv -f "$1" "$2"
    printf '%s\n' "$3" >"$2.inputs.tmp"
    mv -f "$2.inputs.tmp" "$2.inputs"
}
