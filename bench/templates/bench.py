"""Runs the templates benchmark (see run.sh) and prints RESULTS.md to stdout; progress goes to stderr."""
import json, os, platform, re, statistics, subprocess, sys, threading, time
from datetime import datetime, timezone

ROOT, IMAGE, WORK, ROUNDS = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
HV = os.path.join(ROOT, "hurdvm")
HOME = os.environ["HURDVM_HOME"]


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def hv(*args, check=True):
    r = subprocess.run([HV, *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit(f"hurdvm {' '.join(args)} failed ({r.returncode}): {r.stdout}{r.stderr}")
    return r


def timed(*args):
    """Seconds until the command returned, and the seconds at which each stderr progress line came."""
    t0 = time.monotonic()
    p = subprocess.Popen([HV, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    out = []
    t = threading.Thread(target=lambda: out.append(p.stdout.read()))
    t.start()
    for line in p.stderr:
        lines.append((time.monotonic() - t0, line.rstrip()))
    p.wait()
    t.join()
    took = time.monotonic() - t0
    if p.returncode != 0:
        raise SystemExit(f"hurdvm {' '.join(args)} failed ({p.returncode}): {out[0]} {lines}")
    return took, lines


def remove(name):
    hv("down", name, "--force", check=False)
    hv("rm", name, check=False)


def supervisor_steps(name):
    """Seconds between the supervisor's recorded steps of a clone's start (from supervisor.log)."""
    steps = []
    with open(os.path.join(HOME, "instances", name, "supervisor.log")) as f:
        for line in f:
            m = re.match(r"\S+ (\d\d):(\d\d):(\d\d\.\d+) +\w+ +\[\S+\] (\w+): (.*)", line)
            if m:
                steps.append((int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3]), m[5]))
    def at(text):
        return next(t for t, msg in steps if text in msg)
    return {
        "supervisor_started": at("supervisor started"),
        "qemu_started": at("starting QEMU"),
        "qmp": at("Connected to QEMU"),
        "resumed": at("resumed template"),
        "identity": at("clone of template"),
    }


def tree(path, mib=10):
    os.makedirs(path, exist_ok=True)
    for i in range(mib * 4):
        d = os.path.join(path, f"dir{i % 8}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"file{i}.bin"), "wb") as f:
            f.write(os.urandom(256 * 1024))


def med(xs):
    return statistics.median(xs)


log("source instance (cold boot) and templates")
hv("up", "src", "--image", IMAGE, "--memory", "512", "--timeout", "10m")
TEMPLATES = {"zstd:1": "tz1", "zstd:3": "tz3", "none": "tnone"}
for comp, t in TEMPLATES.items():
    hv("template", "create", t, "--from", "src", "--compression", comp)
manifests = {c: json.loads(hv("template", "inspect", t, "-o", "json").stdout)["manifest"] for c, t in TEMPLATES.items()}
# The source keeps running after a template is made; an idle TCG guest still takes ~20 % of a core,
# which every measured start below would share: it is not part of what is measured.
remove("src")
tree(os.path.join(WORK, "tree"))
# Warm-up: the first clone of a build writes the CLI's and the supervisors' class-data archives.
timed("up", "warm", "--template", "tz1")
remove("warm")

res = {k: [] for k in ["cold", "zstd:1", "zstd:3", "none", "four", "run"]}
restore = {k: [] for k in TEMPLATES}
parts = {k: [] for k in ["cli_to_created", "created_to_supervisor", "supervisor_to_qemu", "qemu_to_qmp", "restore",
                        "identity", "ready_seen", "cli_exit"]}
clone_disk = []
for r in range(ROUNDS):
    log(f"round {r + 1}/{ROUNDS}: cold up")
    took, _ = timed("up", f"cold{r}", "--image", IMAGE, "--memory", "512", "--timeout", "10m")
    res["cold"].append(took)
    remove(f"cold{r}")
    for comp, t in TEMPLATES.items():
        log(f"round {r + 1}: warm clone of {t}")
        name = f"w{r}{t}"
        took, lines = timed("up", name, "--template", t)
        res[comp].append(took)
        s = supervisor_steps(name)
        restore[comp].append(s["resumed"] - s["qmp"])
        if comp == "zstd:1":
            created = next(t0 for t0, l in lines if "created clone" in l)
            started = next(t0 for t0, l in lines if "supervisor started" in l or "booting " in l)
            ready = next(t0 for t0, l in lines if "ready after" in l)
            parts["cli_to_created"].append(created)
            parts["created_to_supervisor"].append(started - created)
            parts["supervisor_to_qemu"].append(s["qemu_started"] - s["supervisor_started"])
            parts["qemu_to_qmp"].append(s["qmp"] - s["qemu_started"])
            parts["restore"].append(s["resumed"] - s["qmp"])
            parts["identity"].append(s["identity"] - s["resumed"])
            parts["ready_seen"].append(ready)
            parts["cli_exit"].append(took - ready)
            disk = os.path.join(HOME, "instances", name, "disk.qcow2")
            clone_disk.append(os.stat(disk).st_blocks * 512)
        remove(name)
    log(f"round {r + 1}: 4 clones together")
    t0 = time.monotonic()
    procs = [subprocess.Popen([HV, "up", f"q{r}{i}", "--template", "tz1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for i in range(4)]
    codes = [p.wait() for p in procs]
    res["four"].append(time.monotonic() - t0)
    if any(codes):
        raise SystemExit(f"4 clones: exit codes {codes}")
    for i in range(4):
        remove(f"q{r}{i}")
    log(f"round {r + 1}: run --sync (10 MiB)")
    took, _ = timed("run", "--template", "tz1", "--sync", os.path.join(WORK, "tree"), "--", "true")
    res["run"].append(took)

fmt = lambda xs: f"{med(xs):.2f}"
cold = med(res["cold"])
mib = lambda b: f"{b / 1048576:.1f}"
qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
load = os.getloadavg()
print(f"## Templates: cold boot vs warm clones (Linux test guest, 512 MiB, TCG; medians of {ROUNDS} interleaved rounds)\n")
print("| what | median s | runs (s) | state file MiB | restore s (stream in until resumed) | speed-up vs cold |")
print("| --- | ---: | --- | ---: | ---: | ---: |")
print(f"| `up NEW --image linux-guest --wait ssh` (cold boot) | {fmt(res['cold'])} | {' '.join(f'{x:.1f}' for x in res['cold'])} | | | 1x |")
for comp in ["zstd:1", "zstd:3", "none"]:
    m = manifests[comp]["state"]
    print(f"| `up NEW --template T --wait ssh`, state {comp} | {fmt(res[comp])} | {' '.join(f'{x:.2f}' for x in res[comp])} | "
          f"{mib(m['bytes'])} (raw {mib(m['rawBytes'])}) | {fmt(restore[comp])} | {cold / med(res[comp]):.1f}x |")
print(f"| 4 clones (zstd:1) started together, until all are ready | {fmt(res['four'])} | {' '.join(f'{x:.2f}' for x in res['four'])} | | | |")
print(f"| `run --template T --sync DIR -- true`, DIR 10 MiB in 40 files (whole job: clone, copy, command, removal) | {fmt(res['run'])} | {' '.join(f'{x:.2f}' for x in res['run'])} | | | |")
print()
print("Where a warm clone's time goes (zstd:1, medians, seconds):\n")
print("| CLI start to clone created | to supervisor running | supervisor to QEMU start | QEMU start to QMP | restore (stream in, resume) | clock, entropy, keys, new host keys, SSH with own key | CLI sees ready | CLI exit |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
print("| " + " | ".join(fmt(parts[k]) for k in ["cli_to_created", "created_to_supervisor", "supervisor_to_qemu", "qemu_to_qmp",
                                                 "restore", "identity", "ready_seen", "cli_exit"]) + " |")
print()
print(f"A clone's overlay on disk after its first start (clock, keys and host keys written): median "
      f"{med(clone_disk) / 1024:.0f} KiB allocated; as created, before the guest writes: the qcow2 header only "
      f"({os.path.getsize(os.path.join(HOME, 'templates', 'tz1', 'disk.qcow2')) // 1024} KiB is the template's layer, shared).")
print()
print(f"Machine: {os.cpu_count()} cores, {platform.release()}, {qemu}, TCG; load average at the end "
      f"{load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} (the machine is shared with other jobs); "
      f"{datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%MZ')}; commit {commit}.")
