#!/usr/bin/env bash
# `hurdvm bench` on the Linux test guest (TCG) under several host disk I/O choices (HURDVM_QEMU_AIO,
# HURDVM_QEMU_CACHE_DIRECT), interleaved round by round so that a change in the shared machine's load
# hits every variant alike. Each round boots the instance with the variant (the supervisor reads the
# variables at QEMU start), runs `hurdvm bench --output json`, and stops it. Prints one CSV line per
# run and a table of medians per variant over every run in bench/guest/results-<date>.csv (appended
# to, so that more rounds can be added later the same day).
#
# Usage: bench/guest/variants.sh [ROUNDS]   (default 2; 4 variants x ~2 min each per round)
# Env: GUEST (default .cache/guests/linux-guest.qcow2), SIZE MiB (default 32: the guest's /root
# partition has 50 MiB free), BENCH_ROUNDS (latency samples, default 10).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-2}
GUEST=${GUEST:-$ROOT/.cache/guests/linux-guest.qcow2}
SIZE=${SIZE:-32}
BENCH_ROUNDS=${BENCH_ROUNDS:-10}
VARIANTS=("threads off" "io_uring off" "threads on" "native on")
HURDVM_HOME=$(mktemp -d /tmp/hv-bench.XXXXXX)
export HURDVM_HOME
HV=(java -jar "$ROOT/target/hurdvm.jar")
OUT="$ROOT/bench/guest/results-$(date +%Y%m%d).csv"
trap '"${HV[@]}" down vm --force >/dev/null 2>&1 || true; rm -rf "$HURDVM_HOME"' EXIT

[ -s "$OUT" ] || echo "round,aio,cache_direct,load1,rtt_session_ms,rtt_connect_ms,upload_mbit,disk_write_mbs,disk_read_mbs,download_mbit" > "$OUT"
"${HV[@]}" up vm --image "$GUEST" --memory 512 --wait none >/dev/null
"${HV[@]}" down vm --force >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    read -r aio direct <<<"$v"
    HURDVM_QEMU_AIO=$aio HURDVM_QEMU_CACHE_DIRECT=$direct "${HV[@]}" up vm --timeout 300s >/dev/null 2>&1
    load=$(cut -d' ' -f1 /proc/loadavg)
    json=$("${HV[@]}" bench vm --dir /root --size "$SIZE" --rounds "$BENCH_ROUNDS" --output json)
    "${HV[@]}" down vm >/dev/null
    line="$round,$aio,$direct,$load,$(jq -r '[.results[].value | (. * 10 | round / 10)] | map(tostring) | join(",")' <<<"$json")"
    echo "$line" | tee -a "$OUT"
  done
done
python3 - "$OUT" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
cols = ["rtt_session_ms", "rtt_connect_ms", "upload_mbit", "disk_write_mbs", "disk_read_mbs", "download_mbit"]
print("| aio | cache.direct | runs | " + " | ".join(cols) + " |")
print("|---|---|---|" + "---|" * len(cols))
for key in dict.fromkeys((r["aio"], r["cache_direct"]) for r in rows):
    sel = [r for r in rows if (r["aio"], r["cache_direct"]) == key]
    med = [statistics.median(float(r[c]) for r in sel) for c in cols]
    print(f"| {key[0]} | {key[1]} | {len(sel)} | " + " | ".join(f"{m:.1f}" for m in med) + " |")
PY
