#!/usr/bin/env bash
# Backup benchmark: full backup throughput vs qemu-img convert of the same image, and incremental
# backup bytes vs bytes changed. Boots the Linux test guest (TCG) with a larger disk, fills part of
# it with random data host-side through QEMU (HMP qemu-io on node disk0, so the dirty bitmap sees
# the writes exactly like guest writes), and prints a Markdown table (also to bench/backup/RESULTS.md).
#
#   bench/backup/run.sh            (needs target/hurdvm.jar: mvn -B -q package -DskipTests)
#   BENCH_DISK_SIZE=2G BENCH_FILL_MIB=1024 bench/backup/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAR="$ROOT/target/hurdvm.jar"
# shellcheck source=scripts/java-env.sh
. "$ROOT/scripts/java-env.sh"
IMAGE="${HURDVM_GUEST_CACHE:-$ROOT/.cache/guests}/linux-guest.qcow2"
DISK_SIZE="${BENCH_DISK_SIZE:-1G}"
FILL_MIB="${BENCH_FILL_MIB:-512}"
[ -f "$JAR" ] || { echo "missing $JAR: mvn -B -q package -DskipTests" >&2; exit 1; }
[ -f "$IMAGE" ] || { echo "missing $IMAGE: run guests/build-all.sh" >&2; exit 1; }

WORK="$(mktemp -d /tmp/hvbench.XXXXXX)"
# QEMU runs as hurdvm-qemu when we are root and must pass through to its work folder in the home.
chmod 711 "$WORK"
export HURDVM_HOME="$WORK/home"
TARGET="$WORK/target"; mkdir -p "$TARGET"
hv() { "$JAVA_HOME/bin/java" -jar "$JAR" "$@"; }
bk() { hv backup "$@"; }
cleanup() { hv down bench --force >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
now() { date +%s.%N; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }

# Writes N MiB of random data at OFFSET (MiB) into the running VM's disk node.
write_random() {
  local mib_count=$1 offset=$2 f="$WORK/rand-$1"
  [ -f "$f" ] || head -c "$((mib_count * 1048576))" /dev/urandom > "$f"
  # Through the guest's disk device (qemu-io on the bare node would clash with its write lock).
  local out; out=$(hv monitor bench "qemu-io -d $QDEV \"write -s $f ${offset}M ${mib_count}M\"")
  [ -z "$out" ] || { echo "qemu-io failed: $out" >&2; exit 1; }
}
last_backup_field() { bk list bench --target "file://$TARGET" --output json | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['$1'])"; }

hv up bench --image "$IMAGE" --memory 256 --disk-size "$DISK_SIZE" --wait console --timeout 300s >/dev/null
QDEV=$(hv qmp bench query-block | python3 -c "import json,sys; print(next(b['qdev'] for b in json.load(sys.stdin) if b.get('inserted',{}).get('node-name')=='disk0'))")
# Beyond the guest's 256 MiB layout, nothing in the guest touches the disk: safe to fill host-side.
for ((off = 256; off < 256 + FILL_MIB; off += 64)); do write_random 64 "$off"; done
VSIZE=$(qemu-img info -U --output=json "$HURDVM_HOME/instances/bench/disk.qcow2" | python3 -c "import json,sys; print(json.load(sys.stdin)['virtual-size'])")

t0=$(now); bk create bench --full --target "file://$TARGET" >/dev/null 2>&1; t1=$(now)
FULL_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
FULL_STORED=$(last_backup_field size)
OVERLAY="$HURDVM_HOME/instances/bench/disk.qcow2"
# Flushed first: otherwise QEMU may still hold qcow2 metadata that qemu-img -U would not see. The
# guest is idle at its login prompt, so the image does not change during the copy.
hv monitor bench "qemu-io -d $QDEV \"flush\"" >/dev/null
t0=$(now); qemu-img convert -U -O qcow2 -c -o compression_type=zstd "$OVERLAY" "$WORK/conv-zstd.qcow2"; t1=$(now)
CONVZ_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'); CONVZ_B=$(stat -c %s "$WORK/conv-zstd.qcow2")
t0=$(now); qemu-img convert -U -O qcow2 "$OVERLAY" "$WORK/conv-plain.qcow2"; t1=$(now)
CONVP_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'); CONVP_B=$(stat -c %s "$WORK/conv-plain.qcow2")

{
  echo "## Full backup vs qemu-img convert (virtual disk $(mib "$VSIZE") MiB, ${FILL_MIB} MiB random data + guest)"
  echo
  echo "| method | seconds | MiB/s of virtual disk | output MiB |"
  echo "| --- | ---: | ---: | ---: |"
  echo "| hurdvm backup create --full (online, blockdev-backup, compressed zstd, incl. sha256 + copy to target) | $(printf %.1f "$FULL_S") | $(rate "$VSIZE" "$FULL_S") | $(mib "$FULL_STORED") |"
  echo "| qemu-img convert -U -c zstd of the same image (flushed, guest idle) | $(printf %.1f "$CONVZ_S") | $(rate "$VSIZE" "$CONVZ_S") | $(mib "$CONVZ_B") |"
  echo "| qemu-img convert -U (uncompressed) | $(printf %.1f "$CONVP_S") | $(rate "$VSIZE" "$CONVP_S") | $(mib "$CONVP_B") |"
  echo
  echo "## Incremental backup bytes vs bytes changed"
  echo
  echo "| changed MiB (random) | data copied MiB (dataBytes) | stored MiB | seconds |"
  echo "| ---: | ---: | ---: | ---: |"
} > "$WORK/table.md"
off=$((256 + FILL_MIB))
for n in 1 4 16 64; do
  write_random "$n" "$off"; off=$((off + n + 3))
  t0=$(now); bk create bench --target "file://$TARGET" >/dev/null 2>&1; t1=$(now)
  [ "$(last_backup_field kind)" = incremental ] || { echo "expected an incremental backup" >&2; exit 1; }
  echo "| $n | $(mib "$(last_backup_field dataBytes)") | $(mib "$(last_backup_field size)") | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') |" >> "$WORK/table.md"
done
{
  echo
  echo "Machine: $(nproc) cores, $(uname -r), $(qemu-img --version | head -1), TCG; $(date -u +%Y-%m-%dT%H:%MZ)."
} >> "$WORK/table.md"
cat "$WORK/table.md"
cp "$WORK/table.md" "$ROOT/bench/backup/RESULTS.md"
