#!/usr/bin/env python3
"""Consistency checks that promtool cannot do, for check.sh.

- metrics.txt is the one list of metric names; example-metrics.prom declares exactly those, same types,
  and README.md's metric table lists exactly those.
- Every hurdvm_* name in the alert rules and the dashboard is in metrics.txt; every listed metric is on
  the dashboard.
- The dashboard is templated on instance_name: every hurdvm_* selector in a panel filters on it; panel ids
  are unique and panels do not overlap.
- With --promql-out FILE, writes every dashboard expression as a recording rule so that
  `promtool check rules FILE` parses them with Prometheus's own PromQL parser.
Standard library only, so CI needs nothing but python3.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = re.compile(r"\bhurdvm_[a-z0-9_]+")
SELECTOR = re.compile(r"\b(hurdvm_[a-z0-9_]+)(\{[^}]*\})?")
FILTER = 'instance_name=~"$instance_name"'
errors = []


def listed_metrics():
    metrics = {}
    for line in (HERE / "metrics.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, kind, labels, _ = line.split("\t")
            metrics[name] = (kind, labels.split(","))
    return metrics


def check_example(metrics):
    declared = dict(re.findall(r"^# TYPE (\S+) (\S+)$", (HERE / "prometheus/example-metrics.prom").read_text(), re.M))
    if declared != {n: k for n, (k, _) in metrics.items()}:
        errors.append(f"example-metrics.prom and metrics.txt differ: {sorted(set(declared.items()) ^ {(n, k) for n, (k, _) in metrics.items()})}")


def check_readme(metrics):
    documented = set(re.findall(r"^\| `(hurdvm_[a-z0-9_]+)` \|", (HERE / "README.md").read_text(), re.M))
    if documented != set(metrics):
        errors.append(f"README.md's metric table and metrics.txt differ: {sorted(documented ^ set(metrics))}")


def check_names_known(where, text, metrics):
    for name in sorted(set(NAME.findall(text)) - set(metrics)):
        errors.append(f"{where} uses {name}, which metrics.txt does not list")


def dashboard_exprs(dashboard):
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            yield panel, target["expr"]


def check_dashboard(dashboard, metrics):
    for key in ("title", "uid", "schemaVersion", "panels", "templating"):
        if key not in dashboard:
            errors.append(f"dashboard has no '{key}'")
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    var = variables.get("instance_name")
    if not var or "label_values(hurdvm_vm_up, instance_name)" not in json.dumps(var.get("query")) or not var.get("multi"):
        errors.append("dashboard needs a multi-value variable instance_name from label_values(hurdvm_vm_up, instance_name)")
    if variables.get("datasource", {}).get("type") != "datasource":
        errors.append("dashboard needs a datasource variable named 'datasource'")
    ids = [p["id"] for p in dashboard["panels"]]
    if len(ids) != len(set(ids)):
        errors.append(f"dashboard panel ids are not unique: {ids}")
    cells = {}
    for p in dashboard["panels"]:
        g = p["gridPos"]
        if g["x"] + g["w"] > 24:
            errors.append(f"panel '{p['title']}' is wider than the 24-column grid")
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                if (x, y) in cells:
                    errors.append(f"panels '{cells[(x, y)]}' and '{p['title']}' overlap at x={x} y={y}")
                cells[(x, y)] = p["title"]
    used = set()
    for panel, expr in dashboard_exprs(dashboard):
        if panel.get("datasource", {}).get("uid") != "${datasource}":
            errors.append(f"panel '{panel['title']}' does not use the datasource variable")
        for name, labels in SELECTOR.findall(expr):
            used.add(name)
            if FILTER not in labels:
                errors.append(f"panel '{panel['title']}': {name} is not filtered by {FILTER}")
    check_names_known("the dashboard", json.dumps(dashboard), metrics)
    for name in sorted(set(metrics) - used):
        errors.append(f"metrics.txt lists {name} but no dashboard panel shows it")


def write_promql_rules(dashboard, out):
    """Grafana variables are not PromQL; substitute values a real query would get, then let promtool parse."""
    lines = ["groups:", "  - name: dashboard-expressions", "    rules:"]
    for i, (panel, expr) in enumerate(dashboard_exprs(dashboard)):
        promql = expr.replace("$__rate_interval", "5m").replace("$instance_name", ".+")
        lines += [f"      - record: dashboard:panel_{i}", f"        expr: {json.dumps(promql)}"]
    Path(out).write_text("\n".join(lines) + "\n")


def main(argv):
    metrics = listed_metrics()
    check_example(metrics)
    check_readme(metrics)
    check_names_known("hurdvm-alerts.yml", (HERE / "prometheus/hurdvm-alerts.yml").read_text(), metrics)
    dashboard = json.loads((HERE / "grafana/hurdvm-dashboard.json").read_text())
    check_dashboard(dashboard, metrics)
    if len(argv) == 2 and argv[0] == "--promql-out":
        write_promql_rules(dashboard, argv[1])
    for e in errors:
        print("validate.py: " + e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
