#!/usr/bin/env python3
"""Runs the pack against a real Prometheus on 127.0.0.1, for check.sh.

Serves prometheus/example-metrics.prom over HTTP, starts `prometheus` (Debian package prometheus) with
hurdvm-alerts.yml scraping it every second, waits (with a deadline) until rates have two samples, then runs
every dashboard query with the variables set to match all instances and fails if one returns no series.
Everything runs in a temporary directory; the Prometheus process is ended through its own handle.
"""
import http.server
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEADLINE_S = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_example_metrics():
    body = (HERE / "prometheus/example-metrics.prom").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def query(base, promql):
    url = base + "/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)["data"]["result"]


def wait_for(condition, what):
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass  # Prometheus not listening yet
        time.sleep(0.2)  # poll interval, not a synchronisation: the condition decides
    raise SystemExit(f"live_check.py: {what} within {DEADLINE_S}s")


def main():
    if not shutil.which("prometheus"):
        print("live_check.py: prometheus not found: install it with 'apt-get install -y prometheus'", file=sys.stderr)
        return 1
    server = serve_example_metrics()
    work = Path(tempfile.mkdtemp(prefix="hurdvm-prom-"))
    port = free_port()
    shutil.copy(HERE / "prometheus/hurdvm-alerts.yml", work)
    (work / "prometheus.yml").write_text(json.dumps({
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": ["hurdvm-alerts.yml"],
        "scrape_configs": [{"job_name": "hurdvm", "static_configs": [{"targets": [f"127.0.0.1:{server.server_port}"]}]}],
    }))
    log = open(work / "prometheus.log", "w")
    prometheus = subprocess.Popen(["prometheus", "--config.file=prometheus.yml", "--storage.tsdb.path=data",
                                   f"--web.listen-address=127.0.0.1:{port}"], cwd=work, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: query(base, "rate(hurdvm_vmi_cpu_usage_seconds_total[1m])"),
                 "Prometheus did not scrape the example metrics twice")
        rules = json.load(urllib.request.urlopen(base + "/api/v1/rules", timeout=5))["data"]["groups"]
        loaded = [r["name"] for g in rules for r in g["rules"]]
        failures = [f"rule {r['name']}: {r.get('lastError')}" for g in rules for r in g["rules"] if r.get("health") == "err"]
        dashboard = json.loads((HERE / "grafana/hurdvm-dashboard.json").read_text())
        queries = 0
        for panel in dashboard["panels"]:
            if panel.get("datasource", {}).get("type") == "loki":
                continue  # LogQL, for Loki: validate.py checks its labels against deploy/logging/config.alloy
            for target in panel.get("targets", []):
                promql = target["expr"].replace("$__rate_interval", "1m").replace("$instance_name", ".+")
                queries += 1
                if not query(base, promql):
                    failures.append(f"panel '{panel['title']}': no series for {promql}")
        for failure in failures:
            print("live_check.py: " + failure, file=sys.stderr)
        print(f"live_check.py: Prometheus loaded {len(loaded)} rules; {queries - len(failures)} of {queries} dashboard queries returned data")
        return 1 if failures else 0
    finally:
        prometheus.terminate()
        try:
            prometheus.wait(timeout=10)
        except subprocess.TimeoutExpired:
            prometheus.kill()
            prometheus.wait()
        server.shutdown()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
