# shellcheck shell=bash
# Shared by run.sh and serve-bench.sh (sourced from the repository root, not run): the JDK, the test
# guest, a private HURDVM_HOME and the real instances in it, each the Linux test guest at 128 MiB
# under its own hurdvm supervisor and QEMU (TCG), booted to its login prompt and left idle.
# After sourcing: $java, $guest, $HURDVM_HOME (exported), hurdvm, up NAME, stop NAME, down_all.
# shellcheck source=scripts/java-env.sh
. scripts/java-env.sh
java="$JAVA_HOME/bin/java"
guest="${HURDVM_GUEST_CACHE:-$PWD/.cache/guests}/linux-guest.qcow2"
[ -f "$guest" ] || { echo "bench: $guest is missing: run guests/build-all.sh or set HURDVM_GUEST_CACHE" >&2; exit 1; }
[ -f target/hurdvm.jar ] || mvn -B -q package -DskipTests

export HURDVM_HOME
HURDVM_HOME=$(mktemp -d /tmp/hvbench.XXXXXX)
hurdvm() { "$java" -jar target/hurdvm.jar "$@"; }

up() {
    local started=$SECONDS
    hurdvm up "$1" --image "$guest" --memory 128 --accel tcg --wait console --timeout 600s >/dev/null
    echo "bench: $1 at its login prompt after $((SECONDS - started)) s" >&2
}

stop() {
    # The supervisor can exit before its answer to 'down' is written (seen under heavy host load);
    # then make sure it is stopped rather than abort the benchmark.
    hurdvm down "$1" --timeout 60s >/dev/null || {
        echo "bench: 'hurdvm down $1' reported a failure; forcing it down if it still runs" >&2
        hurdvm down "$1" --force >/dev/null 2>&1 || true
    }
}

# For the EXIT trap: every instance of this home down by force, then the home removed.
down_all() {
    for dir in "$HURDVM_HOME"/instances/*/; do
        if [ -d "$dir" ]; then hurdvm down "$(basename "$dir")" --force >/dev/null 2>&1 || true; fi
    done
    rm -rf "$HURDVM_HOME"
}
