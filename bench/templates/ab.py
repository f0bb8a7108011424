"""Before/after of the warm paths, two builds side by side in one run (interleaved rounds, medians).

    python3 bench/templates/ab.py ROOT_BEFORE ROOT_AFTER [ROUNDS]

ROOT_* are checkouts with a built target/hurdvm.jar (e.g. a worktree of main and this branch). Each
build gets its own HURDVM_HOME, source instance and zstd:1 template (the source is stopped once the
template is made, so idle guests do not load the machine). Per round and build: 'up NEW --template T'
(time to the CLI's exit), 4 clones started together, 'run --template T --sync DIR -- true' (10 MiB).
AB_UP_ONLY=1 measures only the single warm clone. Prints a Markdown table to stdout; progress goes to stderr.
"""
import os, platform, re, shutil, statistics, subprocess, sys, tempfile, time
from datetime import datetime, timezone

BEFORE, AFTER = sys.argv[1], sys.argv[2]
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
UP_ONLY = os.environ.get("AB_UP_ONLY") == "1"  # only the single warm clone: more rounds in the same time
IMAGE = os.path.join(AFTER, ".cache/guests/linux-guest.qcow2")
WORK = tempfile.mkdtemp(prefix="hvab.")
os.chmod(WORK, 0o711)  # QEMU runs as hurdvm-qemu when we are root and must pass through


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Build:
    def __init__(self, label, root):
        self.label, self.root = label, root
        self.env = dict(os.environ, HURDVM_HOME=os.path.join(WORK, label))

    def hv(self, *args, check=True):
        r = subprocess.run([os.path.join(self.root, "hurdvm"), *args], env=self.env, capture_output=True, text=True)
        if check and r.returncode != 0:
            raise SystemExit(f"[{self.label}] hurdvm {' '.join(args)} failed ({r.returncode}): {r.stdout}{r.stderr}")
        return r

    def timed(self, *args):
        t0 = time.monotonic()
        self.hv(*args)
        return time.monotonic() - t0

    def remove(self, name):
        self.hv("down", name, "--force", check=False)
        self.hv("rm", name, check=False)

    def steps(self, name):
        """Seconds from QMP to resumed, and from resumed to ready, from the supervisor's log."""
        at = {}
        with open(os.path.join(self.env["HURDVM_HOME"], "instances", name, "supervisor.log")) as f:
            for line in f:
                m = re.match(r"\S+ (\d\d):(\d\d):(\d\d\.\d+) .*?(Connected to QEMU|resumed template|clone of template)", line)
                if m:
                    at.setdefault(m[4], int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3]))
        return at["resumed template"] - at["Connected to QEMU"], at["clone of template"] - at["resumed template"]


def tree(path, mib=10):
    for i in range(mib * 4):
        d = os.path.join(path, f"dir{i % 8}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"file{i}.bin"), "wb") as f:
            f.write(os.urandom(256 * 1024))


builds = [Build("before", BEFORE), Build("after", AFTER)]
src = os.path.join(WORK, "tree")
tree(src)
res = {b.label: {k: [] for k in ["up", "restore", "identity", "four", "run"]} for b in builds}
try:
    for b in builds:
        log(f"{b.label}: source instance and template")
        b.hv("up", "src", "--image", IMAGE, "--memory", "512", "--timeout", "10m")
        b.hv("template", "create", "t", "--from", "src", "--compression", "zstd:1")
        b.remove("src")
        b.timed("up", "warm", "--template", "t")  # the first run of a build writes its class-data archives
        b.remove("warm")
    for r in range(ROUNDS):
        for b in (builds if r % 2 == 0 else builds[::-1]):
            log(f"round {r + 1}/{ROUNDS}: {b.label}")
            name = f"w{r}"
            res[b.label]["up"].append(b.timed("up", name, "--template", "t"))
            restore, identity = b.steps(name)
            res[b.label]["restore"].append(restore)
            res[b.label]["identity"].append(identity)
            b.remove(name)
            if UP_ONLY:
                continue
            t0 = time.monotonic()
            procs = [subprocess.Popen([os.path.join(b.root, "hurdvm"), "up", f"q{r}{i}", "--template", "t"], env=b.env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(4)]
            codes = [p.wait() for p in procs]
            res[b.label]["four"].append(time.monotonic() - t0)
            for i in range(4):
                b.remove(f"q{r}{i}")
            if any(codes):
                raise SystemExit(f"[{b.label}] 4 clones: exit codes {codes}")
            res[b.label]["run"].append(b.timed("run", "--template", "t", "--sync", src, "--", "true"))
finally:
    for b in builds:
        home = b.env["HURDVM_HOME"]
        for d in os.listdir(os.path.join(home, "instances")) if os.path.isdir(os.path.join(home, "instances")) else []:
            b.remove(d)
    shutil.rmtree(WORK, ignore_errors=True)

rev = lambda root: subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
rows = [("`up NEW --template T --wait ssh`, to the CLI's exit", "up"),
        ("restore (QMP to resumed, supervisor.log)", "restore"),
        ("clock, entropy, keys, host keys, SSH with own key (resumed to ready)", "identity"),
        ("4 clones started together, until all are ready", "four"),
        ("`run --template T --sync DIR -- true`, 10 MiB", "run")]
print(f"| what (medians of {ROUNDS} interleaved rounds, s) | before ({rev(BEFORE)}) | after ({rev(AFTER)}) | runs before | runs after |")
print("| --- | ---: | ---: | --- | --- |")
for text, k in rows:
    a, b = res["before"][k], res["after"][k]
    if not a:
        continue
    print(f"| {text} | {statistics.median(a):.2f} | {statistics.median(b):.2f} | {' '.join(f'{x:.2f}' for x in a)} | {' '.join(f'{x:.2f}' for x in b)} |")
load = os.getloadavg()
print()
print(f"Machine: {os.cpu_count()} cores, {platform.release()}, TCG; load average at the end {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} "
      f"(shared with other jobs); {datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%MZ')}.")
