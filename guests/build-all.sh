#!/bin/bash
# Builds every cached test guest (each step is skipped when its output is up to date):
#   gnumach.iso, linux-guest.qcow2, linux-guest-noacpi.qcow2, linux-guest-hurdlike.qcow2
#   in ${HURDVM_GUEST_CACHE:-<repo>/.cache/guests}
set -euo pipefail
PROG=build-all
. "$(dirname "$0")/lib.sh"

steps=(
    "GNU Mach ISO|$GUESTS_DIR/build-gnumach-iso.sh"
    "Linux guest|$GUESTS_DIR/build-linux-guest.sh"
    "Linux guest ignoring ACPI|$GUESTS_DIR/build-linux-guest.sh --ignore-acpi"
    "Hurd-like Linux guest (no ACPI, no SFTP)|$GUESTS_DIR/build-linux-guest.sh --hurd-like"
)
i=0
for step in "${steps[@]}"; do
    i=$((i + 1))
    name=${step%%|*}
    start=$SECONDS
    log "[$i/${#steps[@]}] $name"
    # shellcheck disable=SC2086  # the command string holds a script and its flags
    ${step#*|} || die "step '$name' failed"
    log "[$i/${#steps[@]}] $name: done in $((SECONDS - start)) s"
done
log "all guests ready in $CACHE"
