# shellcheck shell=bash
# Sourced (not run) by the hurdvm launcher, scripts/test and the benchmarks: exports JAVA_HOME from
# scripts/find-jdk, and stops the caller with find-jdk's message when there is no JDK >= 21.
# Assigned apart from `export`: `export X="$(cmd)"` would hide cmd's failure (ShellCheck SC2155).
JAVA_HOME="$("$(dirname "${BASH_SOURCE[0]}")/find-jdk")" || exit 1
export JAVA_HOME
# Maven's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run: noise for
# users. The flag exists only from JDK 23 on; older JVMs refuse to start with it.
java_major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release" 2>/dev/null || true)"
if (( ${java_major:-0} >= 24 )); then
  export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
fi
