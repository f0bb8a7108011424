#!/usr/bin/env python3
"""A stand-in check of config.alloy where Grafana Alloy itself cannot be installed (it is not packaged
in Debian, npm or Maven Central, and its release binaries come from GitHub): NOT Alloy's parser.

1. Syntax: parses the file with the grammar of Alloy's configuration syntax (blocks, attributes,
   strings with Alloy's escapes, numbers, lists, objects, references, calls, "+" and "||"), failing
   on what Alloy rejects too: an unknown escape ("\\." in a regex), an unclosed block, a missing comma.
2. Model: every component and block this file uses is one Alloy has, with its required arguments and
   no unknown ones; every reference names a declared component and an export it has; regexes and
   JMESPath expressions compile.
3. Pipeline: with --lines FILE..., applies the loki.process stages (json with JMESPath, regex,
   timestamp, labels) to real log lines and prints the label sets they get; --require LABEL makes every
   JSON line need that label, --expect LABEL=VALUE makes at least one line carry it.
Needs python3-jmespath. Exit 0 when every check passes.
"""
import argparse
import json
import re
import sys
from pathlib import Path

import jmespath

# --- 1. syntax -------------------------------------------------------------------------------------

TOKEN = re.compile(r"""
    (?P<ws>[ \t\r\n]+) | (?P<comment>//[^\n]*|/\*.*?\*/) |
    (?P<string>"(?:[^"\\\n]|\\.)*") | (?P<raw>`[^`]*`) |
    (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?) |
    (?P<ident>[A-Za-z_][A-Za-z0-9_]*) |
    (?P<op>\|\||&&|==|!=|<=|>=|[{}\[\]().,=+\-*/%<>!])
""", re.X | re.S)
ESCAPE = re.compile(r'\\(?:[abfnrtv\\"]|[0-7]{3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})')


class SyntaxFail(Exception):
    pass


def tokenize(text):
    pos, out = 0, []
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise SyntaxFail(f"line {text.count(chr(10), 0, pos) + 1}: unexpected character {text[pos]!r}")
        kind = m.lastgroup
        if kind == "string":
            body = m.group()[1:-1]
            stripped = ESCAPE.sub("", body)
            if "\\" in stripped:
                bad = stripped[stripped.index("\\"):][:2]
                raise SyntaxFail(f"line {text.count(chr(10), 0, pos) + 1}: invalid escape {bad!r} in {m.group()}"
                                 " (write a regex backslash as \\\\)")
            value = json.loads('"' + body.replace("\\a", "\\u0007").replace("\\v", "\\u000b") + '"') if "\\x" not in body else body
            out.append(("string", value, pos))
        elif kind == "raw":
            out.append(("string", m.group()[1:-1], pos))
        elif kind not in ("ws", "comment"):
            out.append((kind, m.group(), pos))
        pos = m.end()
    out.append(("eof", "", pos))
    return out


class Parser:
    def __init__(self, text):
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self, k=0):
        return self.tokens[self.i + k]

    def take(self, kind=None, value=None):
        tok = self.tokens[self.i]
        if (kind and tok[0] != kind) or (value and tok[1] != value):
            line = self.text.count("\n", 0, tok[2]) + 1
            raise SyntaxFail(f"line {line}: expected {value or kind}, found {tok[1]!r}")
        self.i += 1
        return tok

    def body(self, end):
        items = []
        while self.peek()[0] != end and not (end == "}" and self.peek()[1] == "}"):
            name = [self.take("ident")[1]]
            while self.peek()[1] == ".":
                self.take("op", ".")
                name.append(self.take("ident")[1])
            if self.peek()[1] == "=" and len(name) == 1:
                self.take("op", "=")
                items.append(("attr", name[0], self.expr()))
            else:
                label = self.take("string")[1] if self.peek()[0] == "string" else None
                self.take("op", "{")
                inner = self.body("}")
                self.take("op", "}")
                items.append(("block", ".".join(name), label, inner))
        return items

    def expr(self):
        left = self.primary()
        while self.peek()[1] in ("+", "||", "&&", "==", "!=", "-", "*", "/"):
            op = self.take()[1]
            left = ("op", op, left, self.primary())
        return left

    def expressions(self, end):
        """Comma-separated expressions up to and including `end`; a trailing comma is allowed."""
        items = []
        while self.peek()[1] != end:
            items.append(self.expr())
            if self.peek()[1] != end:
                self.take("op", ",")
        self.take("op", end)
        return items

    def primary(self):
        kind, value, _ = self.peek()
        if kind == "string":
            self.take()
            return ("lit", value)
        if kind == "number":
            self.take()
            return ("lit", float(value))
        if value == "[":
            self.take()
            return ("list", self.expressions("]"))
        if value == "{":
            self.take()
            fields = {}
            while self.peek()[1] != "}":
                key = self.take()[1]
                self.take("op", "=")
                fields[key] = self.expr()
                if self.peek()[1] != "}":
                    self.take("op", ",")
            self.take("op", "}")
            return ("object", fields)
        if kind == "ident":
            if value in ("true", "false", "null"):
                self.take()
                return ("lit", {"true": True, "false": False, "null": None}[value])
            path = [self.take()[1]]
            while self.peek()[1] == ".":
                self.take()
                path.append(self.take("ident")[1])
            if self.peek()[1] == "(":
                self.take()
                return ("call", ".".join(path), self.expressions(")"))
            return ("ref", path)
        self.take("op", "(")
        inner = self.expr()
        self.take("op", ")")
        return inner


# --- 2. model --------------------------------------------------------------------------------------

# What this configuration may use, from Alloy's reference: arguments (required ones marked with !),
# inner blocks, and exports. Anything else is reported, so a typo cannot pass as an unknown component.
COMPONENTS = {
    "discovery.docker": ({"host!", "refresh_interval", "port", "host_networking_host"}, {"filter"}, {"targets"}),
    "discovery.relabel": ({"targets!"}, {"rule"}, {"output", "rules"}),
    "loki.source.docker": ({"host!", "targets!", "forward_to!", "labels", "relabel_rules", "refresh_interval"}, set(), set()),
    "local.file_match": ({"path_targets!", "sync_period"}, set(), {"targets"}),
    "loki.source.file": ({"targets!", "forward_to!", "encoding", "tail_from_end"}, set(), set()),
    "loki.process": ({"forward_to!"}, {"stage.json", "stage.regex", "stage.timestamp", "stage.labels"}, {"receiver"}),
    "loki.write": (set(), {"endpoint"}, {"receiver"}),
}
BLOCKS = {
    "filter": {"name!", "values!"},
    "rule": {"source_labels", "regex", "target_label", "action", "replacement", "separator", "modulus"},
    "stage.json": {"expressions!", "source", "drop_malformed"},
    "stage.regex": {"expression!", "source"},
    "stage.timestamp": {"source!", "format!", "fallback_formats", "location", "action_on_failure"},
    "stage.labels": {"values!"},
    "endpoint": {"url!", "name", "tenant_id", "batch_wait", "batch_size", "remote_timeout"},
}
FUNCTIONS = {"sys.env", "coalesce"}


def args_of(items):
    return {i[1]: i[2] for i in items if i[0] == "attr"}


def check_args(where, items, allowed, errors):
    given = set(args_of(items))
    names = {a.rstrip("!") for a in allowed}
    for a in allowed:
        if a.endswith("!") and a[:-1] not in given:
            errors.append(f"{where}: missing required argument {a[:-1]}")
    for a in sorted(given - names):
        errors.append(f"{where}: unknown argument {a}")


def walk(expr):
    """Every node of an expression, itself first."""
    yield expr
    kind = expr[0]
    children = {"call": lambda: expr[2], "op": lambda: expr[2:4], "list": lambda: expr[1],
                "object": lambda: expr[1].values()}.get(kind, lambda: ())()
    for child in children:
        yield from walk(child)


def literal(expr):
    if expr[0] == "lit":
        return expr[1]
    if expr[0] == "object":
        return {k: literal(v) for k, v in expr[1].items()}
    if expr[0] == "list":
        return [literal(v) for v in expr[1]]
    return None


def check_model(tree):
    errors, declared = [], {}
    for item in tree:
        if item[0] != "block":
            errors.append(f"top-level attribute {item[1]} (only components belong there)")
            continue
        _, kind, label, inner = item
        if kind not in COMPONENTS:
            errors.append(f"unknown component {kind}")
            continue
        if not label:
            errors.append(f"{kind} needs a label")
        declared[(kind, label)] = inner
        allowed, blocks, _ = COMPONENTS[kind]
        check_args(f'{kind} "{label}"', inner, allowed, errors)
        for sub in (i for i in inner if i[0] == "block"):
            if sub[1] not in blocks:
                errors.append(f'{kind} "{label}": unknown block {sub[1]}')
                continue
            check_args(f'{kind} "{label}" {sub[1]}', sub[3], BLOCKS[sub[1]], errors)
    for (kind, label), inner in declared.items():
        exprs = [i[2] for i in inner if i[0] == "attr"] + [i[2] for b in inner if b[0] == "block" for i in b[3] if i[0] == "attr"]
        for e in exprs:
            for fn in (n[1] for n in walk(e) if n[0] == "call"):
                if fn not in FUNCTIONS:
                    errors.append(f'{kind} "{label}": unknown function {fn}')
            for path in (n[1] for n in walk(e) if n[0] == "ref"):
                if len(path) < 3:
                    errors.append(f'{kind} "{label}": reference {".".join(path)} names no component export')
                    continue
                target = (".".join(path[:-2]), path[-2])
                if target not in declared:
                    errors.append(f'{kind} "{label}": reference to undeclared {target[0]} "{target[1]}"')
                elif path[-1] not in COMPONENTS[target[0]][2]:
                    errors.append(f'{kind} "{label}": {target[0]} exports no {path[-1]}')
    return errors, declared


# --- 3. pipeline -----------------------------------------------------------------------------------

def stages(declared):
    for (kind, _), inner in declared.items():
        if kind == "loki.process":
            return [(b[1], {k: literal(v) for k, v in args_of(b[3]).items()}) for b in inner if b[0] == "block"]
    return []


def compile_stages(pipeline, errors):
    for name, a in pipeline:
        if name == "stage.json":
            for key, path in a["expressions"].items():
                try:
                    jmespath.compile(path or key)
                except jmespath.exceptions.JMESPathError as e:
                    errors.append(f"stage.json {key}: JMESPath {path!r}: {e}")
        elif name == "stage.regex":
            try:
                re.compile(a["expression"])
            except re.error as e:
                errors.append(f"stage.regex: {a['expression']!r}: {e}")


def run_line(pipeline, line):
    extracted, labels, timestamp_ok = {}, {}, None
    for name, a in pipeline:
        if name == "stage.json":
            try:
                doc = json.loads(line)
            except ValueError:
                continue
            for key, path in a["expressions"].items():
                value = jmespath.search(path or key, doc)
                if value is not None:
                    extracted[key] = value if isinstance(value, str) else json.dumps(value)
        elif name == "stage.regex":
            source = extracted.get(a.get("source")) if a.get("source") else line
            m = re.search(a["expression"], source) if source is not None else None
            if m:
                extracted.update({k: v for k, v in m.groupdict().items() if v is not None})
        elif name == "stage.timestamp":
            value = extracted.get(a["source"])
            if value is not None and a["format"] == "UnixMs":
                timestamp_ok = value.isdigit() and 1e12 < int(value) < 1e13
        elif name == "stage.labels":
            for label, source in a["values"].items():
                if (source or label) in extracted:
                    labels[label] = extracted[source or label]
    return labels, timestamp_ok


def main(argv):
    p = argparse.ArgumentParser(description="stand-in check of an Alloy configuration (see the module docstring)")
    p.add_argument("config", type=Path)
    p.add_argument("--lines", nargs="*", type=Path, default=[], help="log files whose lines to label")
    p.add_argument("--require", action="append", default=[], help="a label every JSON line must get")
    p.add_argument("--expect", action="append", default=[], help="LABEL=VALUE that at least one line must get")
    args = p.parse_args(argv)
    try:
        tree = Parser(args.config.read_text()).body("eof")
    except SyntaxFail as e:
        print(f"check-alloy: {args.config}: syntax: {e}", file=sys.stderr)
        return 1
    errors, declared = check_model(tree)
    pipeline = stages(declared)
    compile_stages(pipeline, errors)
    seen = {}
    for path in args.lines:
        for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            labels, ts_ok = run_line(pipeline, line)
            is_json = line.startswith("{")
            for label in args.require:
                if is_json and label not in labels:
                    errors.append(f"{path.name}:{n}: no '{label}' label: {line[:160]}")
            if is_json and ts_ok is False:
                errors.append(f"{path.name}:{n}: timestamp not UnixMs: {line[:160]}")
            for k, v in labels.items():
                seen.setdefault(k, {}).setdefault(v, 0)
                seen[k][v] += 1
    for want in args.expect:
        k, _, v = want.partition("=")
        if v not in seen.get(k, {}):
            errors.append(f"no line got {k}={v} (got {k}: {sorted(seen.get(k, {}))})")
    for e in errors[:40]:
        print("check-alloy: " + e, file=sys.stderr)
    if args.lines:
        print("check-alloy: label values seen: " + json.dumps(seen, sort_keys=True))
    print(f"check-alloy: {args.config.name}: {len(declared)} components, {len(pipeline)} stages, "
          f"{'OK' if not errors else str(len(errors)) + ' problems'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
