#!/usr/bin/env python3
"""Consistency checks that promtool cannot do, for check.sh.

- metrics.txt is the one list of metric names; example-metrics.prom declares exactly those, same types,
  and README.md's metric table lists exactly those.
- Every hurdvm_* name in the alert rules and the dashboard is in metrics.txt; every listed metric is on
  the dashboard.
- The dashboard is templated on instance_name: every hurdvm_* selector in a panel filters on it; panel ids
  are unique and panels do not overlap.
- Its logs panel (recent errors) queries Loki through the loki_datasource variable, filters on the instance
  and uses only labels that deploy/logging/config.alloy gives log lines.
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


def is_logs(panel):
    return panel.get("datasource", {}).get("type") == "loki"


def dashboard_exprs(dashboard):
    """The PromQL of the dashboard: every target of every panel that is not a Loki (logs) panel."""
    for panel in dashboard["panels"]:
        if not is_logs(panel):
            for target in panel.get("targets", []):
                yield panel, target["expr"]


def alloy_labels():
    """The labels deploy/logging/config.alloy gives log lines: stage.labels, static labels, relabel targets."""
    text = (HERE.parent / "deploy/logging/config.alloy").read_text()
    labels = set()
    block = re.search(r"stage\.labels\s*\{\s*values\s*=\s*\{(.*?)\}", text, re.S)
    if block:
        labels |= set(re.findall(r"(\w+)\s*=", block.group(1)))
    for static in re.findall(r"(?:labels\s*=\s*|path_targets\s*=\s*\[[^\]]*?)\{([^{}]*)\}", text, re.S):
        labels |= {k for k in re.findall(r"(\w+)\s*=\s*\"", static) if not k.startswith("__")}
    labels |= set(re.findall(r'target_label\s*=\s*"(\w+)"', text))
    return labels


def check_logs_panels(dashboard):
    """Loki panels: their own datasource variable, filtered by instance, on labels the Alloy config sets."""
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    logs = [p for p in dashboard["panels"] if is_logs(p)]
    if not logs:
        errors.append("dashboard has no logs panel (recent errors from Loki)")
        return
    if variables.get("loki_datasource", {}).get("type") != "datasource" or variables["loki_datasource"].get("query") != "loki":
        errors.append("dashboard needs a datasource variable 'loki_datasource' of Loki data sources")
    known = alloy_labels()
    for panel in logs:
        if panel["datasource"].get("uid") != "${loki_datasource}":
            errors.append(f"logs panel '{panel['title']}' does not use the loki_datasource variable")
        for target in panel.get("targets", []):
            selector = re.match(r"\s*\{([^}]*)\}", target["expr"])
            if not selector:
                errors.append(f"logs panel '{panel['title']}': query does not start with a stream selector: {target['expr']}")
                continue
            used = dict(re.findall(r'(\w+)\s*=~?\s*"([^"]*)"', selector.group(1)))
            if used.get("instance") != "$instance_name":
                errors.append(f"logs panel '{panel['title']}': selector does not filter instance=~\"$instance_name\"")
            for label in sorted(set(used) - known):
                errors.append(f"logs panel '{panel['title']}': label '{label}' is not one config.alloy sets ({sorted(known)})")


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
    check_logs_panels(dashboard)
    if len(argv) == 2 and argv[0] == "--promql-out":
        write_promql_rules(dashboard, argv[1])
    for e in errors:
        print("validate.py: " + e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
