#!/usr/bin/env bash
# Benchmark of the metrics exporter (io.hurdvm.metrics): scrape latency and memory with 1 and with 8
# idle instances. The instances are REAL: each is the Linux test guest at 128 MiB under its own
# hurdvm supervisor and QEMU (TCG), booted to its login prompt and left idle. Then, for comparison,
# the same 8 instances stopped. Results are printed as Markdown rows; see RESULTS.md.
#
# Usage: bench/metrics/run.sh [SCRAPES]   (default 30; needs the test guests, see guests/build-all.sh)
# Env:   BENCH_JAVA_OPTS (default "-Xmx128m -XX:+UseSerialGC"), HURDVM_GUEST_CACHE.
set -euo pipefail
cd "$(dirname "$0")/../.."
scrapes=${1:-30}
# shellcheck source=bench/metrics/instances.sh
. bench/metrics/instances.sh
opts=${BENCH_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC}
trap down_all EXIT

# Compiled ahead, not run as a source file: the in-process compiler would inflate the measured RSS.
classes="$HURDVM_HOME/bench-classes"
"$JAVA_HOME/bin/javac" -d "$classes" -cp "target/hurdvm.jar:target/lib/*" bench/metrics/MetricsBench.java
bench() {
    # shellcheck disable=SC2086 # opts is a list of JVM flags
    "$java" $opts -cp "$classes:target/hurdvm.jar:target/lib/*" MetricsBench "$HURDVM_HOME" "$1" "$scrapes"
}
echo "bench: HURDVM_HOME=$HURDVM_HOME, $scrapes scrapes per mode, JVM flags: $opts, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
[ "$(getconf CLK_TCK)" = 100 ] || { echo "bench: MetricsBench assumes CLK_TCK 100, this host has $(getconf CLK_TCK)" >&2; exit 1; }
echo "| instances | sources | scrapes | min ms | median ms | p90 ms | max ms | exporter CPU ms/scrape | qemu-img CPU ms/scrape | supervisors CPU ms/scrape |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
up b1
bench "1 running"
for i in 2 3 4 5 6 7 8; do up "b$i"; done
bench "8 running"
for i in 1 2 3 4 5 6 7 8; do stop "b$i"; done
bench "8 stopped"
echo "bench: done, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
