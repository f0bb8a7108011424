#!/usr/bin/env bash
# Benchmark of the DAEMON: the real `hurdvm serve` (packaged jar, own JVM, bearer token required),
# with 0, 1 and 8 idle instances (see instances.sh). For each count a fresh serve is started and
#   - its VmRSS (/proc/PID/status) is read as soon as it says it listens (it has done its first
#     scrape by then), and again after all scrapes, with the peak (VmHWM);
#   - /metrics is fetched with curl SCRAPES times back to back (every source from its cache), then
#     SCRAPES times paced PACE seconds apart (block stats older than their 2 s lifetime at every
#     scrape, as for a Prometheus scraping every 15 s; qemu-img results live 30 s), one uncounted
#     scrape before each; curl's time_total gives min/median/p90/max;
#   - serve's CPU (utime+stime) and its reaped children's (the qemu-img runs) over each series.
# Prints Markdown tables on stdout; see RESULTS.md.
#
# Usage: bench/metrics/serve-bench.sh [SCRAPES] [PACE]   (default 30 and 2.5; needs the test guests)
# Env:   SERVE_JAVA_OPTS (default "-XX:+UseSerialGC -Xmx128m", the container's), HURDVM_GUEST_CACHE.
set -euo pipefail
cd "$(dirname "$0")/../.."
scrapes=${1:-30}
pace=${2:-2.5}
# shellcheck source=bench/metrics/instances.sh
. bench/metrics/instances.sh
opts=${SERVE_JAVA_OPTS:--XX:+UseSerialGC -Xmx128m}
serve_pid=""
work="$HURDVM_HOME/serve-bench"
mkdir -m 700 "$work"

stop_serve() {
    [ -n "$serve_pid" ] || return 0
    kill -TERM "$serve_pid" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
    serve_pid=""
}
trap 'stop_serve; down_all' EXIT

# The token reaches serve and curl through files only: never in argv, never printed.
(umask 077
 token=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
 printf '%s\n' "$token" >"$work/api_token"
 printf 'Authorization: Bearer %s\n' "$token" >"$work/auth_header")

status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
# utime+stime and cutime+cstime of a process, in clock ticks (fields 14-17; comm has no spaces here).
cpu_ticks() { awk '{ print $14 + $15, $16 + $17 }' "/proc/$1/stat"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

start_serve() {
    local log="$work/serve-$1.log" started deadline url=""
    started=$(date +%s%N)
    # shellcheck disable=SC2086 # opts is a list of JVM flags
    "$java" $opts -jar target/hurdvm.jar serve --listen 127.0.0.1:0 --token-file "$work/api_token" \
        >"$log" 2>&1 </dev/null &
    serve_pid=$!
    deadline=$((SECONDS + 120))
    while [ -z "$url" ]; do
        url=$(sed -n 's/.*serving .* on \(http:[^;]*\);.*/\1/p' "$log")
        kill -0 "$serve_pid" 2>/dev/null || { echo "bench: serve exited: $(cat "$log")" >&2; exit 1; }
        [ "$SECONDS" -lt "$deadline" ] || { echo "bench: serve did not listen within 120 s" >&2; exit 1; }
        [ -n "$url" ] || sleep 0.1
    done
    start_ms=$(( ($(date +%s%N) - started) / 1000000 ))
    metrics_url="$url/metrics"
}

# One series of scrapes: prints "min median p90 max serveCPUms qemuImgCPUms" (CPU per scrape).
scrape_series() {
    local interval=$1 times="$work/times" before after code_time
    : >"$times"
    read -r -a before <<<"$(cpu_ticks "$serve_pid")"
    for i in $(seq 0 "$scrapes"); do
        code_time=$(curl -sS -o "$work/body" -H @"$work/auth_header" -w '%{http_code} %{time_total}' "$metrics_url")
        [ "${code_time%% *}" = 200 ] || { echo "bench: /metrics answered ${code_time%% *}" >&2; exit 1; }
        [ "$i" = 0 ] || echo "${code_time#* }" >>"$times"
        [ "$interval" = 0 ] || sleep "$interval"
    done
    read -r -a after <<<"$(cpu_ticks "$serve_pid")"
    sort -g "$times" | awk -v n="$scrapes" -v own=$((after[0] - before[0])) -v kids=$((after[1] - before[1])) '
        { t[NR] = $1 * 1000 }
        END {
            median = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
            p90 = t[int(0.9 * n + 0.999999)]
            printf "| %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |", t[1], median, p90, t[n], own * 10 / (n + 1), kids * 10 / (n + 1)
        }'
}

bench() {
    local label=$1 rss_start rss_end hwm fast paced
    start_serve "${label%% *}"
    rss_start=$(status_kib "$serve_pid" VmRSS)
    fast=$(scrape_series 0)
    paced=$(scrape_series "$pace")
    rss_end=$(status_kib "$serve_pid" VmRSS)
    hwm=$(status_kib "$serve_pid" VmHWM)
    echo "| $label | back to back | $scrapes $fast" >>"$work/latency.md"
    echo "| $label | every $pace s | $scrapes $paced" >>"$work/latency.md"
    echo "| $label | $start_ms ms | $(mib "$rss_start") MiB | $(mib "$rss_end") MiB | $(mib "$hwm") MiB | $(grep -vc '^#' "$work/body") | $(wc -c <"$work/body") |" >>"$work/memory.md"
    echo "bench: $label done, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    stop_serve
}

echo "bench: HURDVM_HOME=$HURDVM_HOME, $scrapes scrapes per series, pace $pace s, serve JVM flags: $opts, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
[ "$(getconf CLK_TCK)" = 100 ] || { echo "bench: CPU columns assume CLK_TCK 100, this host has $(getconf CLK_TCK)" >&2; exit 1; }
bench "0 instances"
up b1
bench "1 idle"
for i in 2 3 4 5 6 7 8; do up "b$i"; done
bench "8 idle"
echo "| instances | pacing | scrapes | min ms | median ms | p90 ms | max ms | serve CPU ms/scrape | qemu-img CPU ms/scrape |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
cat "$work/latency.md"
echo
echo "| instances | start to listening | RSS listening | RSS after $((2 * scrapes + 2)) scrapes | peak RSS (VmHWM) | series lines | body bytes |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
cat "$work/memory.md"
for i in 1 2 3 4 5 6 7 8; do stop "b$i"; done
echo "bench: done, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
