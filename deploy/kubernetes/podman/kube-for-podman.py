#!/usr/bin/env python3
"""Turns deploy/kubernetes/hurdvm.yaml into what `podman kube play` (podman 4.3, Debian 12) can run:
the Secret, the volume claim and the pod of the StatefulSet's first replica, as a StatefulSet
controller would make them (pod hurdvm-0, claim state-hurdvm-0). Prints the YAML on stdout.

podman runs Pods, Deployments, PersistentVolumeClaims, ConfigMaps and Secrets, not StatefulSets,
Services or ServiceMonitors; what else it cannot express is replaced here, each for a stated reason
(see deploy/README.md, "Kubernetes manifests under podman"):

- Secret volume: podman 4.3 fills a secret volume wrongly (stringData gives empty files, data is
  written still base64-encoded) and ignores defaultMode and fsGroup. The pod mounts --secrets-dir
  instead (hostPath), a folder holding the Secret's own values as the kubelet lays them out
  (root:fsGroup, 0440); the Secret itself is still played (podman stores it as a podman secret).
- Probes: podman turns an httpGet livenessProbe into a healthcheck that runs curl in the container
  (the image has none) and ignores startupProbe and readinessProbe. The probes become one exec
  livenessProbe running the image's own HEALTHCHECK command (--health-command, hurdvm health vm)
  with its 10-minute start period, which podman runs as the container's healthcheck.
- Ports: a pod network port is reachable from the host only through hostPort (127.0.0.1 here).
- Settings of this run: the image, the base-image folder, environment and memory (--set-env, --memory).
Standard library and PyYAML (Debian: python3-yaml) only.
"""
import argparse
import copy
import sys
from pathlib import Path

import yaml


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--manifest", required=True, type=Path, help="deploy/kubernetes/hurdvm.yaml")
    p.add_argument("--image", required=True, help="image reference in podman's store, e.g. localhost/hurdvm:test")
    p.add_argument("--images-dir", required=True, help="host folder for the pod's read-only 'images' volume")
    p.add_argument("--secrets-dir", required=True, help="host folder with the Secret's files (root_password, api_token, ...)")
    p.add_argument("--host-port", action="append", default=[], metavar="NAME=PORT",
                   help="publish the container port NAME on 127.0.0.1:PORT (repeatable)")
    p.add_argument("--set-env", action="append", default=[], metavar="NAME=VALUE", help="set or override a variable (repeatable)")
    p.add_argument("--health-command", default="hurdvm health vm",
                   help="the exec probe that replaces the HTTP probes (default: the image's HEALTHCHECK, %(default)s)")
    p.add_argument("--memory", help="memory request and limit, e.g. 1Gi (the manifest's is sized for a 2048 MiB guest)")
    return p.parse_args(argv)


def pairs(items, what):
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            sys.exit(f"kube-for-podman: {what} '{item}' is not NAME=VALUE")
        out[name] = value
    return out


def main(argv):
    args = parse_args(argv)
    docs = [d for d in yaml.safe_load_all(args.manifest.read_text()) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    if len(by_kind.get("StatefulSet", [])) != 1 or len(by_kind.get("Secret", [])) != 1:
        sys.exit("kube-for-podman: expected one StatefulSet and one Secret in " + str(args.manifest))
    sts = by_kind["StatefulSet"][0]
    secret = copy.deepcopy(by_kind["Secret"][0])
    secrets_dir = Path(args.secrets_dir)

    # The Secret with this run's values: the same files the pod mounts.
    secret["stringData"] = {key: (secrets_dir / key).read_text() for key in secret.get("stringData", {})}

    pod_name = sts["metadata"]["name"] + "-0"
    template = copy.deepcopy(sts["spec"]["template"])
    spec = template["spec"]
    claims = []
    for claim in sts["spec"].get("volumeClaimTemplates", []):
        claim_name = f"{claim['metadata']['name']}-{pod_name}"
        claims.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                       "metadata": {"name": claim_name, "labels": dict(template["metadata"].get("labels", {}))},
                       "spec": copy.deepcopy(claim["spec"])})
        spec.setdefault("volumes", []).append({"name": claim["metadata"]["name"],
                                               "persistentVolumeClaim": {"claimName": claim_name}})
    for volume in spec.get("volumes", []):
        if "secret" in volume:
            volume.pop("secret")
            volume["hostPath"] = {"path": str(secrets_dir), "type": "Directory"}
        elif volume["name"] == "images" and "hostPath" in volume:
            volume["hostPath"] = {"path": args.images_dir, "type": "Directory"}

    host_ports = pairs(args.host_port, "--host-port")
    env = pairs(args.set_env, "--set-env")
    for container in spec["containers"]:
        container["image"] = args.image
        container["imagePullPolicy"] = "Never"
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            container.pop(probe, None)
        # The Dockerfile's HEALTHCHECK timing: every 15 s, 30 s each, unhealthy after 3 failures, none
        # counted in the first 10 minutes (a boot under TCG; podman ignores the startupProbe that covers
        # it in Kubernetes, and restarts the container when a liveness probe fails 3 times).
        container["livenessProbe"] = {"exec": {"command": args.health_command.split()}, "initialDelaySeconds": 600,
                                      "periodSeconds": 15, "timeoutSeconds": 30, "failureThreshold": 3}
        for port in container.get("ports", []):
            if port.get("name") in host_ports:
                port["hostPort"] = int(host_ports[port["name"]])
                port["hostIP"] = "127.0.0.1"
        variables = container.setdefault("env", [])
        for name, value in env.items():
            variables[:] = [v for v in variables if v["name"] != name]
            variables.append({"name": name, "value": value})
        if args.memory:
            for kind in ("requests", "limits"):
                container.setdefault("resources", {}).setdefault(kind, {})["memory"] = args.memory

    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": pod_name, "labels": dict(template["metadata"].get("labels", {}))},
           "spec": dict(spec, hostname=pod_name)}
    yaml.safe_dump_all([secret, *claims, pod], sys.stdout, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
