#!/usr/bin/env python3
"""Prints run.sh's samples (row, side, value per line) as one Markdown table.

For each row: median, min and max of hurdvm and of its reference, and the ratio of the medians
(hurdvm / reference), next to the goal from issue 14. Rows without samples are left out."""
import statistics
import sys

# key: (what, hurdvm side, reference side, unit, goal)
ROWS = {
    "up": ("up --wait console to the login prompt", "hurdvm up", "bare QEMU, same argv", "s", "ratio <= 1.10"),
    "status": ("status NAME", "hurdvm status", "-", "s", "median <= 0.3 s"),
    "list": ("list", "hurdvm list", "-", "s", "median <= 0.3 s"),
    "jvm": ("JVM floor", "-", "java -version", "s", "(floor of any JVM command)"),
    "ssh": ("ssh NAME -- true", "hurdvm ssh", "OpenSSH + ssh-config", "s", "median <= 0.6 s, ratio <= 2.5"),
    "status_cpu": ("status NAME, CPU (user+sys)", "hurdvm status", "-", "s", "(wall is what the goal counts)"),
    "list_cpu": ("list, CPU (user+sys)", "hurdvm list", "-", "s", "(wall is what the goal counts)"),
    "jvm_cpu": ("JVM floor, CPU (user+sys)", "-", "java -version", "s", "(floor)"),
    "ssh_cpu": ("ssh NAME -- true, CPU (user+sys)", "hurdvm ssh", "OpenSSH + ssh-config", "s", "(wall is what the goal counts)"),
    "backup": ("full backup, 1 GiB disk, 512 MiB random", "backup create --full (encrypted)",
               "qemu-img convert -c zstd", "MiB/s", "ratio >= 0.8"),
    "backup_synced": ("the same backup against a synced copy", "backup create --full (encrypted)",
                      "qemu-img convert -c zstd -t writeback", "MiB/s", "(the reference syncs its output, as hurdvm does)"),
    "restore": ("restore of that backup", "backup restore --as", "qemu-img convert (plain)", "MiB/s", "ratio >= 0.8"),
    "restore_synced": ("the same restore against a synced copy", "backup restore --as", "qemu-img convert -t writeback",
                       "MiB/s", "(the reference syncs its output, as hurdvm does)"),
    "incremental": ("incremental after 16 MiB random writes", "stored", "changed", "MiB", "ratio ~ 1"),
    "serve": ("serve RSS, 8 running, after 100 scrapes", "serve", "-", "MiB", "<= 150 MiB"),
    "supervisor": ("supervisor RSS (each of 8)", "supervisor", "-", "MiB", "<= 64 MiB"),
    "supervisor_pss": ("supervisor PSS (each of 8; shared pages divided)", "supervisor", "-", "MiB", "(RSS is what the goal counts)"),
}


def stats(values):
    if not values:
        return "-", None
    med = statistics.median(values)
    return f"{fmt(med)} ({fmt(min(values))}-{fmt(max(values))})", med


def fmt(v):
    return f"{v:.2f}" if v < 10 else f"{v:.1f}"


def main(path):
    samples = {}
    for line in open(path):
        row, side, value = line.rstrip("\n").split("\t")
        samples.setdefault(row, {}).setdefault(side, []).append(float(value))
    print("| what | hurdvm | median (min-max) | reference | median (min-max) | unit | ratio | n | goal |")
    print("| --- | --- | ---: | --- | ---: | --- | ---: | ---: | --- |")
    for key, (what, hv_label, ref_label, unit, goal) in ROWS.items():
        if key not in samples:
            continue
        hv, hv_med = stats(samples[key].get("hurdvm", []))
        ref, ref_med = stats(samples[key].get("ref", []))
        ratio = f"{hv_med / ref_med:.2f}" if hv_med is not None and ref_med else "-"
        n = max(len(v) for v in samples[key].values())
        print(f"| {what} | {hv_label} | {hv} | {ref_label} | {ref} | {unit} | {ratio} | {n} | {goal} |")


if __name__ == "__main__":
    main(sys.argv[1])
