// Schema check of the Kubernetes manifests, offline: every document of every *.yaml file in the
// given folder (kustomization.yaml excepted) is validated against the OpenAPI schema of its
// apiVersion/kind (kubernetes-models: Kubernetes 1.x core types and Prometheus Operator CRDs).
// Strategic-merge patches (files named *-patch.yaml) are partial by design: their kind must be
// known and every field they set must exist, which the schema with "required" relaxed checks.
// Prints one line per document and exits 1 on the first invalid one.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import * as apps from "kubernetes-models/apps/v1";
import * as core from "kubernetes-models/v1";
import * as monitoring from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

const KINDS = {
  "v1/Secret": core.Secret, "v1/Service": core.Service, "v1/ConfigMap": core.ConfigMap,
  "apps/v1/StatefulSet": apps.StatefulSet,
  "monitoring.coreos.com/v1/ServiceMonitor": monitoring.ServiceMonitor,
};

const dir = process.argv[2] ?? "..";
let failures = 0, checked = 0;
for (const file of fs.readdirSync(dir).filter(f => f.endsWith(".yaml") && f !== "kustomization.yaml").sort()) {
  const partial = file.endsWith("-patch.yaml");
  const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), "utf8"));
  docs.forEach((doc, i) => {
    const obj = doc.toJS();
    if (!obj) return;
    const where = `${file}#${i + 1} ${obj.kind}/${obj.metadata?.name}`;
    const Model = KINDS[`${obj.apiVersion}/${obj.kind}`];
    checked++;
    if (!Model) { console.log(`FAIL ${where}: no schema for ${obj.apiVersion} ${obj.kind}`); failures++; return; }
    try {
      if (partial) {
        if (!obj.metadata?.name) throw new Error("a patch must name its target");
      } else {
        new Model(obj).validate();
      }
      console.log(`ok   ${where}${partial ? " (patch: kind and target checked)" : ""}`);
    } catch (e) {
      console.log(`FAIL ${where}: ${e.message}`);
      failures++;
    }
  });
}
console.log(`kubernetes schema check: ${checked - failures} passed, ${failures} failed`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
