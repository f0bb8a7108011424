#!/usr/bin/env bash
# Benchmark for issue 12: hurdvm's hand-made AES-256-GCM chunked format against Google Tink's
# streaming AEAD (AES256_GCM_HKDF_1MB) on one file (default 512 MiB of random data in /dev/shm, so
# the disk does not decide), best of 3 runs, plus the size Tink would add to target/lib.
# Tink is fetched from Maven Central into the local repository only for this benchmark; hurdvm
# does not depend on it. Prints a Markdown table (RESULTS-gcm-vs-tink.md has the recorded one).
#
#   bench/backup/gcm-vs-tink.sh            (needs target/hurdvm.jar: mvn -B -q package -DskipTests)
#   BENCH_MIB=1024 BENCH_RUNS=5 bench/backup/gcm-vs-tink.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TINK_VERSION="${TINK_VERSION:-1.24.0}"
MIB="${BENCH_MIB:-512}"
RUNS="${BENCH_RUNS:-3}"
JAVA_HOME="${JAVA_HOME:-$("$ROOT/scripts/find-jdk")}"
[ -f "$ROOT/target/hurdvm.jar" ] || { echo "missing target/hurdvm.jar: mvn -B -q package -DskipTests" >&2; exit 1; }
WORK="$(mktemp -d /dev/shm/hvtink.XXXXXX 2>/dev/null || mktemp -d /tmp/hvtink.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>tink-cp</artifactId><version>1</version>
  <dependencies><dependency><groupId>com.google.crypto.tink</groupId><artifactId>tink</artifactId>
    <version>$TINK_VERSION</version></dependency></dependencies></project>
POM
mvn -B -q -Dstyle.color=never -f "$WORK/pom.xml" dependency:build-classpath -Dmdep.outputFile="$WORK/tink.cp" >&2
TINK_CP="$(cat "$WORK/tink.cp")"
TINK_BYTES=$(tr ':' '\n' <<<"$TINK_CP" | xargs du -cb | tail -1 | cut -f1)

echo "| implementation | encrypt MiB/s | decrypt MiB/s | bytes added to $MIB MiB |"
echo "| --- | ---: | ---: | ---: |"
"$JAVA_HOME/bin/java" -cp "$ROOT/target/hurdvm.jar:$ROOT/target/lib/*:$TINK_CP" "$ROOT/bench/backup/GcmVsTink.java" "$WORK" "$MIB" "$RUNS"
echo
echo "Tink $TINK_VERSION runtime jars: $(tr ':' '\n' <<<"$TINK_CP" | xargs -n1 basename | tr '\n' ' ')= $(awk -v b="$TINK_BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }')"
echo "Machine: $(nproc) cores, $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)."
