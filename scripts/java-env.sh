# shellcheck shell=bash
# Sourced (not run) by the hurdvm launcher, scripts/test and the benchmarks: exports JAVA_HOME from
# scripts/find-jdk's find_jdk (sourced, not run: no process), sets java_major, and stops the caller
# with find-jdk's message when there is no JDK >= 21.
# shellcheck source=scripts/find-jdk
java_env_dir="${BASH_SOURCE[0]%/*}"
[[ "$java_env_dir" != "${BASH_SOURCE[0]}" ]] || java_env_dir=.
. "$java_env_dir/find-jdk"
unset java_env_dir
find_jdk || exit 1
JAVA_HOME="$REPLY"
export JAVA_HOME
java_major="$JDK_MAJOR"
# Maven's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run: noise for
# users. The flag exists only from JDK 23 on; older JVMs refuse to start with it.
if (( ${java_major:-0} >= 24 )); then
  export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
fi
