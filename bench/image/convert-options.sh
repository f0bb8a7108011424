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
#      default the test guest in ${HURDVM_GUEST_CACHE:-.cache/guests}), BOOT_MARKER (default "login:"),
#      BOOT_TIMEOUT seconds (default 300).
# Output: a markdown table on stdout and $WORK/results.csv. Every number is the median of RUNS runs.
set -euo pipefail

WORK=${WORK:-/tmp/hurdvm-bench}
RUNS=${RUNS:-3}
GUEST=${GUEST:-${HURDVM_GUEST_CACHE:-$(dirname "$0")/../../.cache/guests}/linux-guest.qcow2}
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

# Runs are round-robin: run r of every option before run r+1 of any. This machine is shared, so
# host load drifts; interleaving spreads that drift over all options instead of biasing whichever
# were measured last. Values go to $WORK/runs/<option>.<metric>, one per line.
convert_once() {
  local i=$1 src=$2 out=$WORK/v$1.qcow2 s
  [ -e "$WORK/runs/$i.failed" ] && return
  rm -f "$out"; s=$(now)
  # shellcheck disable=SC2086  # the variant's options are several words (or none)
  if qemu-img convert -O qcow2 ${VARIANTS[$i]#*|} "$src" "$out" 2>"$WORK/runs/$i.failed"; then
    echo "$(now) - $s" | bc >>"$WORK/runs/$i.convert"; rm -f "$WORK/runs/$i.failed"
  fi
}

read_once() {
  local i=$1 out=$WORK/v$1.qcow2 mib
  [ -e "$WORK/runs/$i.failed" ] && return
  mib=$(( $(virtual_size "$out") / 1048576 ))
  bench_read -s 1M -c "$mib" -d 4 "$out" >>"$WORK/runs/$i.seq"
  # one 4 KiB read per MiB: each lands in a different cluster, like a booting guest's scattered reads
  bench_read -s 4K -S 1M -c "$mib" -d 1 "$out" >>"$WORK/runs/$i.scattered"
}

virtual_size() {
  qemu-img info --output=json "$1" | python3 -c 'import json,sys;print(json.load(sys.stdin)["virtual-size"])'
}

# Median and list of the values in file $1; nothing when no run wrote one.
med() { if [ -s "$1" ]; then grep . "$1" | median || true; fi; }
runs() { if [ -s "$1" ]; then tr '\n' ' ' <"$1" | sed 's/ $//'; fi; }

summarize() {
  local i=$1 name=${VARIANTS[$1]%%|*} out=$WORK/v$1.qcow2 r=$WORK/runs/$1
  if [ -e "$r.failed" ]; then echo "$name|n/a: $(head -1 "$r.failed" | tr ',' ';')"; return; fi
  echo "$name|$(stat -c %s "$out")|$(( $(stat -c %b "$out") * 512 ))|$(med "$r.convert")|$(med "$r.seq")|$(med "$r.scattered")|$(med "$r.boot")|$(virtual_size "$out")|$(runs "$r.convert")|$(runs "$r.seq")|$(runs "$r.scattered")|$(runs "$r.boot")"
}

cleanup() { rm -f "$WORK"/v*.qcow2 "$WORK"/guest-*.qcow2; }

main() {
  local raw=${1:-} n=${#VARIANTS[@]} i r
  [ -n "$raw" ] || raw=$(build_raw)
  echo "# raw image: $raw ($(stat -c %s "$raw") bytes, $(( $(stat -c %b "$raw") * 512 )) allocated); runs: $RUNS" >&2
  echo "# guest for boot timing: $([ -f "$GUEST" ] && echo "$GUEST" || echo none); load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  trap cleanup EXIT
  rm -rf "$WORK/runs"; mkdir -p "$WORK/runs"
  for r in $(seq "$RUNS"); do for i in $(seq 0 $((n - 1))); do convert_once "$i" "$raw"; done; done
  echo "# converted; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for r in $(seq "$RUNS"); do for i in $(seq 0 $((n - 1))); do read_once "$i"; done; done
  echo "# read; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  if [ -f "$GUEST" ]; then
    for i in $(seq 0 $((n - 1))); do
      [ -e "$WORK/runs/$i.failed" ] && continue
      # shellcheck disable=SC2086  # the variant's options are several words (or none)
      qemu-img convert -O qcow2 ${VARIANTS[$i]#*|} "$GUEST" "$WORK/guest-$i.qcow2"
    done
    for r in $(seq "$RUNS"); do
      for i in $(seq 0 $((n - 1))); do
        [ -e "$WORK/guest-$i.qcow2" ] && boot_time "$WORK/guest-$i.qcow2" >>"$WORK/runs/$i.boot"
      done
    done
    echo "# booted; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  fi
  local csv=$WORK/results.csv
  echo "variant,file_bytes,allocated_bytes,convert_s,seq_read_s,scattered_read_s,boot_s,virtual_bytes,convert_runs,seq_runs,scattered_runs,boot_runs" >"$csv"
  for i in $(seq 0 $((n - 1))); do
    local row; row=$(summarize "$i")
    echo "$row" | tr '|' ',' >>"$csv"
    echo "# $row" >&2
  done
  python3 "$(dirname "$0")/table.py" "$csv"
}

main "$@"
