#!/usr/bin/env bash
# The everyday loop, each row against its floor, measured interleaved in ONE run (issue 14):
#   up      `hurdvm up NAME --wait console` to the login prompt (fresh instance each run) vs bare
#           QEMU started with the argv hurdvm's QemuCommandBuilder gave the first instance (read
#           from its QEMU's /proc/PID/cmdline; only paths and the forwarded port differ), timed
#           from launch to "login:" on the same serial socket
#   cli     `hurdvm status NAME`, `hurdvm list` (one instance running) vs the JVM floor (`java -version`),
#           wall and CPU time (user+sys) each
#   ssh     `hurdvm ssh NAME -- true` vs OpenSSH with the block `hurdvm ssh-config NAME` prints, wall and CPU
#   backup  full `hurdvm backup create --full` (encrypted, to a file:// target) of a 1 GiB disk with
#           512 MiB random data, MiB/s of virtual disk, vs `qemu-img convert -c -O qcow2 -o
#           compression_type=zstd` of the same disk; restore (`backup restore --as`) vs `qemu-img
#           convert` of the compressed copy to a plain qcow2; incremental bytes stored for 16 MiB
#           of random writes vs those 16 MiB
#   memory  8 running instances (128 MiB guests): `serve` RSS after 100 scrapes of /metrics (a
#           fresh serve per run) and each supervisor's RSS and PSS
# Every sample goes to $WORK/samples.tsv; table.py prints median, min, max and the ratio.
#
#   bench/loop/run.sh                        all rows, RUNS=5
#   RUNS=3 ROWS=cli,ssh bench/loop/run.sh    only some rows (up,cli,ssh,backup,memory)
# Env: HURDVM (the command under test, default the repo's launcher ./hurdvm), HURDVM_GUEST_CACHE,
#      KEEP_SAMPLES=FILE (copy the raw samples there).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/java-env.sh
. scripts/java-env.sh
RUNS="${RUNS:-5}"
ROWS=",${ROWS:-up,cli,ssh,backup,memory},"
HV="${HURDVM:-$ROOT/hurdvm}"
GUEST="${HURDVM_GUEST_CACHE:-$ROOT/.cache/guests}/linux-guest.qcow2"
[ -f "$GUEST" ] || { echo "bench: $GUEST is missing: run guests/build-all.sh" >&2; exit 1; }
"$HV" --version >/dev/null # builds the jar if needed, outside any timing

WORK="$(mktemp -d /tmp/hvloop.XXXXXX)"
# QEMU runs as hurdvm-qemu when we are root and must pass through to its work folder in the home.
chmod 711 "$WORK"
chmod 711 "$WORK"
export HURDVM_HOME="$WORK/home"
SAMPLES="$WORK/samples.tsv"
: >"$SAMPLES"
bare_pid=""
serve_pid=""

hv() { "$HV" "$@"; }
want() { [[ "$ROWS" == *",$1,"* ]]; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
sample() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$SAMPLES"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
note() { echo "bench: $*, load $(load)" >&2; }
json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }
state_field() { json_field "['$2']" <"$HURDVM_HOME/instances/$1/state.json"; }
rss_kib() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"; }
# Proportional set size: shared pages (the class-data archive, libjvm) divided among the processes
# that map them, so eight supervisors' PSS add up to what they cost together.
pss_kib() { awk '$1 == "Pss:" { print $2 }' "/proc/$1/smaps_rollup"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Seconds (timed by the caller) of a command whose output is dropped; a failure stops the bench.
quiet() { "$@" >/dev/null 2>"$WORK/last.err" || { echo "bench: '$*' failed: $(cat "$WORK/last.err")" >&2; exit 1; }; }
# ROW SIDE CMD...: samples the wall time of CMD (quiet) as ROW and its CPU time (user + sys, with its
# children) as ROW_cpu. CPU time leaves out the time other processes held the CPUs, so it compares
# runs made under different load (this machine is shared) where wall time cannot.
timed() {
    local row=$1 side=$2 wall user sys TIMEFORMAT='%R %U %S'
    shift 2
    { time quiet "$@"; } 2>"$WORK/time"
    read -r wall user sys <"$WORK/time"
    sample "$row" "$side" "$wall"
    sample "${row}_cpu" "$side" "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')"
}

stop_pid() { # TERM, then KILL, of a process this script started
    local pid=$1
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_pid "$serve_pid"
    stop_pid "$bare_pid"
    for dir in "$HURDVM_HOME"/instances/*/; do
        if [ -d "$dir" ]; then
            hv down "$(basename "$dir")" --force >/dev/null 2>&1 || true
        fi
    done
    [ -z "${KEEP_SAMPLES:-}" ] || cp "$SAMPLES" "$KEEP_SAMPLES"
    rm -rf "$WORK"
}
trap cleanup EXIT

gone() { hv down "$1" --force >/dev/null 2>&1 || true; hv rm "$1" >/dev/null 2>&1 || true; }

# The launcher's class cache holds what its training run (cli/CacheTraining: list, and status and
# the ssh argv of the first instance) loaded: trained in this fresh home it saw no instance. Trained
# again once one runs, it sees one, as on a machine in use.
archive_reset=""
cli_archive_with_an_instance() {
    [ -z "$archive_reset" ] && [ "$HV" = "$ROOT/hurdvm" ] || return 0
    rm -f "$ROOT"/target/hurdvm-cli-*
    archive_reset=1
}

# --- up: hurdvm vs bare QEMU with hurdvm's own argv --------------------------------------------
# The argv of a running instance's QEMU, NUL-separated, with its instance folder and SSH port
# replaced by placeholders (@DIR@, @PORT@).
recorded_argv() {
    local dir="$HURDVM_HOME/instances/$1" port
    port=$(state_field "$1" sshPort)
    python3 - "/proc/$(state_field "$1" qemuPid)/cmdline" "$dir" "$port" >"$WORK/qemu.argv" <<'EOF'
import sys
argv = open(sys.argv[1], "rb").read().rstrip(b"\0").split(b"\0")
out = [a.decode().replace(sys.argv[2], "@DIR@").replace(":" + sys.argv[3] + "-", ":@PORT@-") for a in argv]
sys.stdout.write("\0".join(out))
EOF
}

# Starts QEMU with the recorded argv on a fresh overlay and prints the seconds from launch to
# "login:" on its serial socket (connected the moment it exists, as the supervisor's console hub).
bare_boot() {
    local dir="$WORK/bare" port
    rm -rf "$dir"; mkdir -p "$dir"; chmod 711 "$dir"
    port=$(free_port)
    local t0; t0=$(now)
    qemu-img create -q -f qcow2 -b "$GUEST" -F qcow2 "$dir/disk.qcow2"
    chown hurdvm-qemu "$dir/disk.qcow2" 2>/dev/null || true
    mapfile -d '' -t argv < <(sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" "$WORK/qemu.argv")
    "${argv[@]}" >"$dir/qemu.out" 2>&1 </dev/null &
    bare_pid=$!
    python3 - "$dir/serial.sock" "$t0" <<'EOF'
import socket, sys, time
path, t0 = sys.argv[1], float(sys.argv[2])
deadline = time.time() + 300
s = socket.socket(socket.AF_UNIX)
while True:
    try:
        s.connect(path); break
    except OSError:
        if time.time() > deadline: sys.exit("no serial socket")
        time.sleep(0.005)
seen = b""
while b"login:" not in seen:
    data = s.recv(65536)
    if not data or time.time() > deadline: sys.exit("no login prompt")
    seen = seen[-64:] + data
print(f"{time.time() - t0:.3f}")
EOF
    stop_pid "$bare_pid"; bare_pid=""
}

row_up() {
    # One unmeasured start first: it records the argv and leaves what every later start finds
    # (the accelerator measurement, class-data archives).
    quiet hv up up0 --image "$GUEST" --wait console --timeout 300s
    recorded_argv up0
    cli_archive_with_an_instance
    gone up0
    note "up: $RUNS runs each, interleaved"
    for i in $(seq "$RUNS"); do
        local t0; t0=$(now)
        quiet hv up "up$i" --image "$GUEST" --wait console --timeout 300s
        sample up hurdvm "$(since "$t0")"
        gone "up$i"
        sample up ref "$(bare_boot)"
    done
}

# --- cli and ssh: one instance up with SSH ------------------------------------------------------
row_cli() {
    note "cli: $RUNS runs each"
    quiet hv status loop; quiet hv list
    for i in $(seq "$RUNS"); do
        timed status hurdvm hv status loop
        timed list hurdvm hv list
        timed jvm ref "$JAVA_HOME/bin/java" -version
    done
}

row_ssh() {
    note "ssh: $RUNS runs each, interleaved"
    hv ssh-config loop >"$WORK/ssh_config"
    quiet hv ssh loop -- true # host key pinned before timing
    for i in $(seq "$RUNS"); do
        timed ssh hurdvm hv ssh loop -- true
        timed ssh ref ssh -F "$WORK/ssh_config" -o BatchMode=yes hurdvm-loop true
    done
}

# --- backup: full, restore, incremental ---------------------------------------------------------
QDEV=""
write_random() { # MiB OFFSET_MIB into the running VM's disk through its device (the bitmap sees it)
    local f="$WORK/rand-$1"
    head -c "$(($1 * 1048576))" /dev/urandom >"$f"
    local out; out=$(hv monitor bk "qemu-io -d $QDEV \"write -s $f ${2}M ${1}M\"")
    [ -z "$out" ] || { echo "bench: qemu-io failed: $out" >&2; exit 1; }
}

row_backup() {
    local target="$WORK/target" key="$WORK/backup.key" vsize overlay
    mkdir -p "$target"; (umask 077; head -c32 /dev/urandom >"$key")
    note "backup: booting a 1 GiB guest"
    quiet hv up bk --image "$GUEST" --memory 256 --disk-size 1G --wait console --timeout 300s
    QDEV=$(hv qmp bk query-block | python3 -c "import json,sys; print(next(b['qdev'] for b in json.load(sys.stdin) if b.get('inserted',{}).get('node-name')=='disk0'))")
    # Beyond the guest's 256 MiB layout nothing in the guest touches the disk: safe to fill host-side.
    for ((off = 256; off < 768; off += 64)); do write_random 64 "$off"; done
    hv monitor bk "qemu-io -d $QDEV \"flush\"" >/dev/null
    overlay="$HURDVM_HOME/instances/bk/disk.qcow2"
    vsize=$(qemu-img info -U --output=json "$overlay" | json_field "['virtual-size']")
    mib_s() { awk -v b="$vsize" -v s="$1" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }
    note "backup: $RUNS full backups and restores, interleaved with qemu-img"
    for i in $(seq "$RUNS"); do
        local t0
        local v
        t0=$(now); quiet hv backup create bk --full --target "file://$target" --key-file "$key"
        v=$(mib_s "$(since "$t0")"); sample backup hurdvm "$v"; sample backup_synced hurdvm "$v"
        # The guest idles at its login prompt: the image does not change during the copy.
        rm -f "$WORK/conv.qcow2"
        t0=$(now); qemu-img convert -U -O qcow2 -c -o compression_type=zstd "$overlay" "$WORK/conv.qcow2"
        sample backup ref "$(mib_s "$(since "$t0")")"
        # qemu-img writes its output with cache=unsafe: it never syncs, where hurdvm syncs what it
        # stores before the manifest names it. The same copy, synced at its end (-t writeback).
        rm -f "$WORK/conv-synced.qcow2"
        t0=$(now); qemu-img convert -U -t writeback -O qcow2 -c -o compression_type=zstd "$overlay" "$WORK/conv-synced.qcow2"
        sample backup_synced ref "$(mib_s "$(since "$t0")")"
        t0=$(now); quiet hv backup restore bk latest --as rs --replace --target "file://$target" --key-file "$key"
        v=$(mib_s "$(since "$t0")"); sample restore hurdvm "$v"; sample restore_synced hurdvm "$v"
        rm -f "$WORK/plain.qcow2" "$WORK/plain-synced.qcow2"
        t0=$(now); qemu-img convert -O qcow2 "$WORK/conv.qcow2" "$WORK/plain.qcow2"
        sample restore ref "$(mib_s "$(since "$t0")")"
        t0=$(now); qemu-img convert -t writeback -O qcow2 "$WORK/conv.qcow2" "$WORK/plain-synced.qcow2"
        sample restore_synced ref "$(mib_s "$(since "$t0")")"
    done
    note "backup: $RUNS incrementals of 16 MiB"
    for i in $(seq "$RUNS"); do
        write_random 16 $((768 + i * 20))
        quiet hv backup create bk --target "file://$target" --key-file "$key"
        hv backup list bk --target "file://$target" --output json >"$WORK/list.json"
        [ "$(json_field "[-1]['kind']" <"$WORK/list.json")" = incremental ] || { echo "bench: expected an incremental backup" >&2; exit 1; }
        sample incremental hurdvm "$(json_field "[-1]['size'] / 1048576" <"$WORK/list.json")"
        sample incremental ref 16
    done
    gone bk; gone rs
}

# --- memory: 8 instances, serve and supervisors -------------------------------------------------
row_memory() {
    local i n=8 pid url log="$WORK/serve.log"
    note "memory: booting $n instances"
    for i in $(seq "$n"); do quiet hv up "m$i" --image "$GUEST" --memory 128 --wait console --timeout 600s; done
    (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$WORK/token"
     printf 'Authorization: Bearer %s\n' "$(cat "$WORK/token")" >"$WORK/auth")
    for i in $(seq "$n"); do
        pid=$(state_field "m$i" supervisorPid)
        sample supervisor hurdvm "$(awk -v k="$(rss_kib "$pid")" 'BEGIN { print k / 1024 }')"
        sample supervisor_pss hurdvm "$(awk -v k="$(pss_kib "$pid")" 'BEGIN { print k / 1024 }')"
    done
    note "memory: $RUNS serves x 100 scrapes"
    for i in $(seq "$RUNS"); do
        : >"$log"
        "$HV" serve --listen 127.0.0.1:0 --token-file "$WORK/token" >"$log" 2>&1 </dev/null &
        serve_pid=$!
        url=""
        for _ in $(seq 1200); do
            url=$(sed -n 's/.*serving .* on \(http:[^;]*\);.*/\1/p' "$log")
            [ -z "$url" ] || break
            kill -0 "$serve_pid" 2>/dev/null || { echo "bench: serve exited: $(cat "$log")" >&2; exit 1; }
            sleep 0.1
        done
        [ -n "$url" ] || { echo "bench: serve did not listen" >&2; exit 1; }
        # The launcher execs java: serve_pid is the JVM.
        for _ in $(seq 100); do curl -sSf -o /dev/null -H @"$WORK/auth" "$url/metrics"; done
        sample serve hurdvm "$(awk -v k="$(rss_kib "$serve_pid")" 'BEGIN { print k / 1024 }')"
        stop_pid "$serve_pid"; serve_pid=""
    done
    for i in $(seq "$n"); do gone "m$i"; done
}

START_LOAD=$(load)
note "RUNS=$RUNS ROWS=$ROWS, $(nproc) CPUs, HURDVM_HOME=$HURDVM_HOME"
want up && row_up
if want cli || want ssh; then
    quiet hv up loop --image "$GUEST" --memory 256 --wait ssh --timeout 300s
    cli_archive_with_an_instance
    want cli && row_cli
    want ssh && row_ssh
    gone loop
fi
want backup && row_backup
want memory && row_memory
echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), load at start $START_LOAD, at end $(load);" \
    "$(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src hurdvm pom.xml || echo '+changes'); RUNS=$RUNS"
echo
python3 bench/loop/table.py "$SAMPLES"
