#!/usr/bin/env bash
# Checks the observability pack: alert rules (syntax + promtool unit tests), the example exposition
# (promtool's metric-name lint), the Grafana dashboard (JSON, templating, PromQL parsed by promtool) and
# that all of them use exactly the metric names in metrics.txt; then loads rules and dashboard queries
# into a real Prometheus on 127.0.0.1 (live_check.py).
# Needs promtool and prometheus (Debian: apt-get install -y prometheus) and python3. Exits non-zero if any check fails.
# No `set -e`: every check runs and is counted, even after one fails.
set -uo pipefail
cd "$(dirname "$0")" || exit 1

for tool in promtool prometheus python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "observability: $tool not found: install it with 'apt-get install -y prometheus python3'" >&2
        exit 1
    fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
check() {
    local what=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "observability: FAILED: $what" >&2
    fi
}

check "promtool check rules" promtool check rules prometheus/hurdvm-alerts.yml
check "promtool test rules" promtool test rules prometheus/hurdvm-alerts.test.yml
check "promtool check metrics (example exposition)" sh -c 'promtool check metrics < prometheus/example-metrics.prom'
check "dashboard is valid JSON" sh -c 'python3 -m json.tool grafana/hurdvm-dashboard.json > /dev/null'
check "metric names, dashboard templating and layout" python3 validate.py --promql-out "$tmp/dashboard-promql.yml"
check "dashboard PromQL parses" promtool check rules "$tmp/dashboard-promql.yml"
check "live Prometheus: rules load, every dashboard query returns data" python3 live_check.py

echo "observability: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
