#!/usr/bin/env bash
# How much a guest reads from its disk until the login prompt: QEMU's own block statistics
# (query-blockstats over QMP) at the moment the serial console shows BOOT_MARKER. Unlike boot time,
# this does not depend on host load, so it tells how much a slower image format can cost a boot:
# read operations x the per-read latency difference measured by convert-options.sh.
#
# Usage: bench/image/guest-boot-reads.sh [GUEST_QCOW2]
#   (default: the test guest in ${HURDVM_GUEST_CACHE:-.cache/guests}; guests/build-all.sh builds it)
# Env: BOOT_MARKER (default "login:"), BOOT_TIMEOUT seconds (default 300).
set -euo pipefail

GUEST=${1:-${HURDVM_GUEST_CACHE:-$(dirname "$0")/../../.cache/guests}/linux-guest.qcow2}
BOOT_MARKER=${BOOT_MARKER:-login:}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
[ -f "$GUEST" ] || { echo "bench: $GUEST is missing: run guests/build-all.sh or name a qcow2" >&2; exit 1; }
WORK=$(mktemp -d /tmp/hv-bootreads.XXXXXX)
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi; rm -rf "$WORK"' EXIT

qemu-img create -q -f qcow2 -b "$(realpath "$GUEST")" -F qcow2 "$WORK/overlay.qcow2"
qemu-system-x86_64 -accel tcg -machine q35 -m 512 -nodefaults -display none -serial "file:$WORK/serial.log" \
  -drive "file=$WORK/overlay.qcow2,if=none,id=d0,format=qcow2" -device ahci,id=ahci -device ide-hd,drive=d0,bus=ahci.0 \
  -nic none -qmp "unix:$WORK/qmp.sock,server=on,wait=off" &
pid=$!
deadline=$(( $(date +%s) + BOOT_TIMEOUT ))
until grep -q "$BOOT_MARKER" "$WORK/serial.log" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "QEMU exited before $BOOT_MARKER" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "no $BOOT_MARKER within $BOOT_TIMEOUT s" >&2; exit 1; }
  sleep 0.5 # polling the serial log file; bounded by the deadline above
done
python3 - "$WORK/qmp.sock" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile('rw')
f.readline()  # greeting
for cmd in ({"execute": "qmp_capabilities"}, {"execute": "query-blockstats"}):
    f.write(json.dumps(cmd) + "\n"); f.flush()
    reply = json.loads(f.readline())
for dev in reply["return"]:
    st = dev["stats"]
    print(f"{dev.get('qdev') or dev.get('device')}: {st['rd_operations']} reads, {st['rd_bytes'] / 2**20:.1f} MiB read, "
          f"{st['wr_operations']} writes, {st['wr_bytes'] / 2**20:.1f} MiB written until the login prompt")
EOF
