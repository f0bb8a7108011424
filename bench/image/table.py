#!/usr/bin/env python3
"""Turns convert-options.sh's results.csv into the markdown table kept in docs/images.md.

Ratios are against the first row (plain qcow2, 64 KiB clusters)."""
import csv
import sys


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def ratio(v, base):
    return f"{v / base:.2f}x" if v is not None and base else "-"


def main(path):
    rows = list(csv.DictReader(open(path)))
    base = rows[0]
    print("| option | file MiB (allocated) | size vs default | convert s | seq read MiB/s | read vs default"
          " | 4 KiB scattered read ms | boot to login s (min-max) |")
    print("|---|---|---|---|---|---|---|---|")
    b_alloc, b_seq = num(base["allocated_bytes"]), None
    for r in rows:
        alloc = num(r["allocated_bytes"])
        if alloc is None:
            print(f"| {r['variant']} | {r['file_bytes']} | | | | | | |")
            continue
        vmib = num(r["virtual_bytes"]) / 2**20
        seq = vmib / num(r["seq_read_s"])
        b_seq = b_seq or seq
        scattered_ms = num(r["scattered_read_s"]) * 1000 / vmib  # one read per MiB
        boot = num(r["boot_s"])
        runs = sorted(v for v in map(num, r["boot_runs"].split()) if v)
        spread = f" ({runs[0]:.0f}-{runs[-1]:.0f})" if runs else ""
        print(f"| {r['variant']} | {num(r['file_bytes']) / 2**20:.0f} ({alloc / 2**20:.0f}) | {ratio(alloc, b_alloc)}"
              f" | {num(r['convert_s']):.1f} | {seq:.0f} | {ratio(seq, b_seq)} | {scattered_ms:.3f}"
              f" | {f'{boot:.1f}{spread}' if boot else '-'} |")


if __name__ == "__main__":
    main(sys.argv[1])
