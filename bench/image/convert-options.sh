#!/usr/bin/env bash
# Measures qcow2 conversion options for hurdvm's image store: file size, convert time, sequential
# read throughput, scattered small-read latency and (when a bootable test guest exists) boot time.
#
# Usage: bench/image/convert-options.sh [RAW_IMAGE]
#   RAW_IMAGE  a raw disk image to convert. Without it a realistic 1 GiB one is built: an MBR disk
#              with one ext2 partition (as Debian GNU/Hurd images are laid out) filled with
#              /usr/bin, /usr/share/doc and /usr/share/man (binaries, text, gzip'd pages, like a root fs).
# Measured per option: file size, convert time, sequential read (1 MiB requests, queue depth 4) and
# scattered 4 KiB reads (one per MiB, each in a different cluster, as a booting guest reads), both
# with O_DIRECT so the host page cache does not hide the file layout; with the test guest, time
# from QEMU start to the login prompt, booted through an overlay.
# Env: WORK (default /tmp/hurdvm-bench), RUNS (default 3), GUEST (bootable qcow2 for boot timing,
#      default /work/wt/guests/.cache/guests/linux-guest.qcow2), BOOT_MARKER (default "login:"),
#      BOOT_TIMEOUT seconds (default 300).
# Output: a markdown table on stdout and $WORK/results.csv. Every number is the median of RUNS runs.
set -euo pipefail

WORK=${WORK:-/tmp/hurdvm-bench}
RUNS=${RUNS:-3}
GUEST=${GUEST:-/work/wt/guests/.cache/guests/linux-guest.qcow2}
BOOT_MARKER=${BOOT_MARKER:-login:}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
mkdir -p "$WORK"

# name|qemu-img convert arguments (besides -O qcow2)
# (names must not contain commas: they become CSV fields)
VARIANTS=(
  "default (64k clusters)|"
  "preallocation=metadata|-o preallocation=metadata"
  "cluster_size=2M|-o cluster_size=2M"
  "-c zlib (64k)|-c"
  "-c zstd (64k)|-c -o compression_type=zstd"
  "-c zstd cluster_size=256k|-c -o compression_type=zstd,cluster_size=256k"
  "-c zstd cluster_size=2M|-c -o compression_type=zstd,cluster_size=2M"
)

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }

# Writes a one-partition MBR (type 0x83, start LBA 2048) into $1 with no partitioning tool needed.
write_mbr() {
  local img=$1 sectors=$2
  python3 - "$img" "$sectors" <<'EOF'
import struct, sys
img, total = sys.argv[1], int(sys.argv[2])
entry = struct.pack('<B3sB3sII', 0, b'\xfe\xff\xff', 0x83, b'\xfe\xff\xff', 2048, total - 2048)
with open(img, 'r+b') as f:
    f.seek(446); f.write(entry + b'\0' * 48 + b'\x55\xaa')
EOF
}

build_raw() {
  local raw=$WORK/rootfs.raw stage=$WORK/stage
  [ -f "$raw" ] && { echo "$raw"; return; }
  rm -rf "$stage"; mkdir -p "$stage/usr/share"
  # Packages may be installed meanwhile; a file vanishing under cp does not matter for a sample.
  cp -a /usr/bin "$stage/usr/bin" || echo "warning: some files vanished while copying" >&2
  cp -a /usr/share/doc /usr/share/man "$stage/usr/share/" || echo "warning: some files vanished while copying" >&2
  truncate -s 1G "$raw.tmp"
  # ext2 like the Hurd's root; the filesystem starts at 1 MiB, behind the MBR.
  mke2fs -q -F -t ext2 -b 4096 -E offset=1048576 -d "$stage" "$raw.tmp" $(( (1024 - 1) * 256 )) >&2
  write_mbr "$raw.tmp" $(( 1024 * 2048 ))
  rm -rf "$stage"; mv "$raw.tmp" "$raw"
  echo "$raw"
}

# Time one qemu-img bench run; prints seconds. Page cache bypassed (-t none) so disk size matters.
bench_read() {
  qemu-img bench -f qcow2 -t none -n "$@" 2>&1 | awk '/Run completed/ {print $4}'
}

# Boots the guest through an overlay, as instances use store images, on the hurd-amd64 profile's
# q35 + AHCI disk; prints seconds from QEMU start until the serial console shows BOOT_MARKER, or
# nothing when the guest does not get there within BOOT_TIMEOUT.
boot_time() {
  local base=$1 ov=$WORK/boot-overlay.qcow2 log=$WORK/boot.log start pid t=""
  qemu-img create -q -f qcow2 -b "$base" -F qcow2 "$ov"
  : >"$log"
  start=$(now)
  qemu-system-x86_64 -accel tcg -machine q35 -m 512 -nodefaults -display none -serial "file:$log" \
    -drive "file=$ov,if=none,id=d0,format=qcow2" -device ahci,id=ahci -device ide-hd,drive=d0,bus=ahci.0 \
    -nic none &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if grep -q "$BOOT_MARKER" "$log"; then t=$(echo "$(now) - $start" | bc); break; fi
    if (( $(echo "$(now) - $start > $BOOT_TIMEOUT" | bc) )); then break; fi
    sleep 0.2 # polling the serial log file; the deadline above bounds the wait
  done
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  rm -f "$ov"
  echo "$t"
}

measure() {
  local name=$1 args=$2 src=$3 out=$WORK/variant.qcow2
  local conv=() seq=() scat=() boot=()
  for _ in $(seq "$RUNS"); do
    rm -f "$out"; local s; s=$(now)
    # shellcheck disable=SC2086
    if ! qemu-img convert -O qcow2 $args "$src" "$out" 2>"$WORK/err"; then
      echo "$name|n/a: $(head -1 "$WORK/err" | tr ',' ';')"; return
    fi
    conv+=("$(echo "$(now) - $s" | bc)")
  done
  local vsize bytes alloc
  vsize=$(qemu-img info --output=json "$out" | python3 -c 'import json,sys;print(json.load(sys.stdin)["virtual-size"])')
  bytes=$(stat -c %s "$out"); alloc=$(( $(stat -c %b "$out") * 512 ))
  for _ in $(seq "$RUNS"); do
    seq+=("$(bench_read -s 1M -c $(( vsize / 1048576 )) -d 4 "$out")")
    # one 4 KiB read per MiB: each lands in a different cluster, like a booting guest's scattered reads
    scat+=("$(bench_read -s 4K -S 1M -c $(( vsize / 1048576 )) -d 1 "$out")")
  done
  if [ -f "$GUEST" ]; then
    # shellcheck disable=SC2086
    qemu-img convert -O qcow2 $args "$GUEST" "$WORK/guest-variant.qcow2"
    for _ in $(seq "$RUNS"); do boot+=("$(boot_time "$WORK/guest-variant.qcow2")"); done
    rm -f "$WORK/guest-variant.qcow2"
  fi
  local c s r b=""
  c=$(printf '%s\n' "${conv[@]}" | median); s=$(printf '%s\n' "${seq[@]}" | median)
  r=$(printf '%s\n' "${scat[@]}" | median)
  if [ ${#boot[@]} -gt 0 ]; then b=$(printf '%s\n' "${boot[@]}" | grep . | median || true); fi
  echo "$name|$bytes|$alloc|$c|$s|$r|$b|$vsize|${conv[*]}|${seq[*]}|${scat[*]}|${boot[*]:-}"
  rm -f "$out"
}

main() {
  local raw=${1:-}
  [ -n "$raw" ] || raw=$(build_raw)
  echo "# raw image: $raw ($(stat -c %s "$raw") bytes, $(( $(stat -c %b "$raw") * 512 )) allocated); runs: $RUNS" >&2
  echo "# guest for boot timing: $([ -f "$GUEST" ] && echo "$GUEST" || echo none)" >&2
  local csv=$WORK/results.csv
  echo "variant,file_bytes,allocated_bytes,convert_s,seq_read_s,scattered_read_s,boot_s,virtual_bytes,convert_runs,seq_runs,scattered_runs,boot_runs" >"$csv"
  for v in "${VARIANTS[@]}"; do
    local row; row=$(measure "${v%%|*}" "${v#*|}" "$raw")
    echo "$row" | tr '|' ',' >>"$csv"
    echo "# $row" >&2
  done
  python3 "$(dirname "$0")/table.py" "$csv"
}

main "$@"
