#!/usr/bin/env bash
# Templates benchmark: a cold 'up --wait ssh' of the Linux test guest vs warm clones of a template
# of the same guest (state stored as zstd:1, zstd:3 and uncompressed), 4 clones started together,
# and the overhead of 'hurdvm run --template T --sync DIR -- true' for a 10 MiB tree. Medians of
# BENCH_ROUNDS (default 5) interleaved rounds; one Markdown table in bench/templates/RESULTS.md.
# Where a warm clone's time goes comes from the CLI's progress lines and the supervisor's log.
#
#   bench/templates/run.sh          (uses ./hurdvm, which builds target/hurdvm.jar if needed)
#   BENCH_ROUNDS=7 bench/templates/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
IMAGE="${HURDVM_GUEST_CACHE:-$ROOT/.cache/guests}/linux-guest.qcow2"
[ -f "$IMAGE" ] || { echo "missing $IMAGE: run guests/build-all.sh" >&2; exit 1; }
"$ROOT/hurdvm" --version >/dev/null
WORK="$(mktemp -d /tmp/hvtb.XXXXXX)"
# QEMU runs as hurdvm-qemu when we are root and must pass through to its work folder in the home.
chmod 711 "$WORK"
export HURDVM_HOME="$WORK/home"
cleanup() {
  # Only what this run made: its own HURDVM_HOME's instances, by name.
  for d in "$HURDVM_HOME"/instances/*/; do
    if [ -d "$d" ]; then
      "$ROOT/hurdvm" down "$(basename "$d")" --force >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
python3 "$ROOT/bench/templates/bench.py" "$ROOT" "$IMAGE" "$WORK" "${BENCH_ROUNDS:-5}" | tee "$ROOT/bench/templates/RESULTS.md"
