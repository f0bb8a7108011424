# hurdvm: a Debian GNU/Hurd VM under QEMU, one VM per container, supervised by hurdvm itself.
#
#   docker build -t hurdvm .
#   docker run -d --name hurd -v hurdvm:/var/lib/hurdvm -p 2222:2222 -p 127.0.0.1:8480:8480 \
#     -v $PWD/api_tls_cert:/run/secrets/api_tls_cert:ro -v $PWD/api_tls_key:/run/secrets/api_tls_key:ro \
#     [--device /dev/kvm --group-add $(getent group kvm | cut -d: -f3)] hurdvm
#
# The API: the default command listens on 0.0.0.0:8480, which is not loopback, so serve requires
# TLS (the api_tls_cert/api_tls_key secrets, or HURDVM_TLS_CERT/HURDVM_TLS_KEY) and a token (the
# api_token secret, else one generated on the volume: /var/lib/hurdvm/api_token). Plain HTTP on
# 0.0.0.0 is refused unless `serve --insecure-http` (only behind a TLS proxy). Or listen on a Unix
# socket on the volume: `serve --listen unix:/var/lib/hurdvm/api.sock --up vm`. See docs/security.md.
#
# Stages: `build` (Maven package + a jlink-ed Java runtime), then the runtime on Debian slim with
# QEMU. The base is `debian:trixie-slim` (trixie has OpenJDK 21, Maven 3.9 and QEMU 10); where no
# registry can be reached, scripts/docker-base-image makes that tag with debootstrap.
# Needs BuildKit (DOCKER_BUILDKIT=1, or buildx) for the Maven cache mount.
ARG BASE_IMAGE=debian:trixie-slim

FROM ${BASE_IMAGE} AS build
# Slim images drop man pages, but OpenJDK's postinst links its man page into man1: give it the folder.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && apt-get install -y --no-install-recommends openjdk-21-jdk-headless maven binutils nodejs npm \
 && rm -rf /var/lib/apt/lists/*
# Builds behind a TLS-intercepting proxy pass its CA bundle as an optional build secret
# (`--secret id=extra_ca,src=bundle.pem`) so Maven can reach Central. It is trusted in this build
# stage only: nothing of it reaches the runtime image.
RUN --mount=type=secret,id=extra_ca \
    if [ -s /run/secrets/extra_ca ]; then \
      awk '/BEGIN CERTIFICATE/{n++} {print > ("/usr/local/share/ca-certificates/extra-" n ".crt")}' /run/secrets/extra_ca \
      && update-ca-certificates >/dev/null; \
    fi
WORKDIR /src
COPY pom.xml ./
# Dependencies first, in their own layer: a source change does not download them again.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dstyle.color=never dependency:go-offline -DexcludeGroupIds=io.hurdvm
# The web console's libraries come from the npm registry, pinned by web/package-lock.json (web/build.mjs,
# run by Maven); Node trusts the same CA bundle as Maven.
COPY web ./web
COPY src/main ./src/main
# `package` also makes the man pages from the command model (target/man/man1, see pom.xml); they are
# gzipped here and installed below, where `man` looks for them.
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.npm \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    mvn -B -q -Dstyle.color=never package -Dmaven.test.skip=true \
 && mkdir -p /opt/hurdvm && cp target/hurdvm.jar /opt/hurdvm/ && cp -r target/lib /opt/hurdvm/lib \
 && mkdir -p /opt/man/man1 \
 && for page in target/man/man1/*.1; do gzip -9n <"$page" >"/opt/man/man1/${page##*/}.gz"; done \
 && test -s /opt/man/man1/hurdvm-up.1.gz
# A runtime with only the modules the jar and its libraries use (jdeps), plus those reached by
# reflection or service loading that jdeps cannot see: EC crypto for SSH key exchange, the HTTP
# server of `serve`, Unsafe for Jackson/BouncyCastle fast paths, zipfs and JFR-free management.
RUN modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 21 \
        --class-path '/opt/hurdvm/lib/*' /opt/hurdvm/hurdvm.jar)" \
 && echo "jdeps: $modules" \
 && jlink --add-modules "$modules,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.httpserver,jdk.management" \
        --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive --output /opt/java \
 && /opt/java/bin/java -version
# Class-data sharing archive of the classes hurdvm loads at start: healthchecks and `docker exec
# hurdvm status` start a JVM each time, and CDS cuts that start-up. Made at the final paths: the
# JVM ignores an archive whose class path (jar path, size, mtime) differs. The training run is the
# launcher's (cli/CacheTraining: help, version, list, health, status). This runtime is JDK 21, so a
# dynamic archive; the JDK 24+ AOT cache (what the ./hurdvm launcher makes on such a JDK) would
# need -XX:AOTCacheOutput here and -XX:AOTCache below.
RUN /opt/java/bin/java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit=/opt/hurdvm/hurdvm.jsa \
      -Dhurdvm.cache.training=true -jar /opt/hurdvm/hurdvm.jar || true; \
    test -s /opt/hurdvm/hurdvm.jsa

FROM ${BASE_IMAGE}
# QEMU without recommends: no GUI, no audio; telnet and the like are never installed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends qemu-system-x86 qemu-utils \
 && rm -rf /var/lib/apt/lists/* \
 && (getent group kvm >/dev/null || groupadd --system kvm) \
 && groupadd --system --gid 10001 hurdvm \
 && useradd --system --uid 10001 --gid hurdvm --groups kvm --home-dir /var/lib/hurdvm --shell /usr/sbin/nologin hurdvm \
 && install -d -o hurdvm -g hurdvm -m 0700 /var/lib/hurdvm
COPY --from=build /opt/java /opt/java
COPY --from=build /opt/hurdvm /opt/hurdvm
# Man pages (hurdvm.1, hurdvm-up.1, ...). The slim image has no `man`: read one from the host with
#   docker run --rm --entrypoint cat hurdvm /usr/share/man/man1/hurdvm-up.1.gz | man -l -
# or, in an image that adds man-db, `man hurdvm-up` (they are where man -M /usr/share/man looks).
COPY --from=build /opt/man/man1/ /usr/share/man/man1/
# `hurdvm` on PATH for HEALTHCHECK and `docker exec`; the entrypoint below is the JVM itself.
# C1 only (TieredStopAtLevel=1, 40% less CPU to start) and the JDK's native reflection accessors
# (no method handles spun per record constructor Jackson calls once) for commands that only read
# state, like the HEALTHCHECK; not for the others: the JDK's AES-GCM and SHA-256 reach AES-NI/SHA-NI only from C2
# code, which the CompileCommands bring after a few calls (an encrypted backup ran at 13 MiB/s
# without). The same choice as the hurdvm launcher (and supervisor/SupervisorSpawner); see bench/loop.
# JVM log lines (an archive it cannot map, ...) go to stderr, never into `--output json` on stdout.
RUN printf '%s\n' '#!/bin/sh' 'set -f # $jit is split into words, never globbed' \
      'case "${1:-}" in status|list|ssh|ssh-config|logs|health|secret|rm|down|"") jit="-XX:TieredStopAtLevel=1 -Djdk.reflect.useNativeAccessorOnly=true" ;; *) jit="-XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.001 -XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::*,0.001" ;; esac' \
      'exec /opt/java/bin/java -XX:SharedArchiveFile=/opt/hurdvm/hurdvm.jsa -Xshare:auto -Xlog:disable -Xlog:all=warning:stderr -XX:+UseSerialGC -Xmx64m $jit -jar /opt/hurdvm/hurdvm.jar "$@"' \
      >/usr/local/bin/hurdvm && chmod 0755 /usr/local/bin/hurdvm

# State: instances, overlays, secrets, logs, the KVM probe; everything on one volume.
ENV HURDVM_HOME=/var/lib/hurdvm \
    HURDVM_LOG_LEVEL=INFO \
    HURDVM_SSH_BIND=0.0.0.0 \
    HURDVM_SSH_PORT=2222 \
    QEMU_DRIVE=/var/lib/hurdvm/images/debian-hurd.img
VOLUME ["/var/lib/hurdvm"]
# 2222: SSH into the guest (QEMU's forward). 8480: REST API (HTTPS), the web console at /, /healthz, /readyz, /metrics.
# VNC, when ENABLE_VNC=1, is a Unix socket on the volume, never a TCP port. No telnet, no monitor port.
EXPOSE 2222 8480
USER hurdvm
WORKDIR /var/lib/hurdvm
STOPSIGNAL SIGTERM
# The guest boots in minutes under TCG: start_period covers that, so a slow boot is not "unhealthy".
HEALTHCHECK --interval=15s --timeout=30s --start-period=10m --retries=3 CMD ["hurdvm", "health", "vm"]
# The JVM is PID 1: SIGTERM reaches hurdvm directly, which powers the guest off over ACPI.
ENTRYPOINT ["/opt/java/bin/java", "-XX:SharedArchiveFile=/opt/hurdvm/hurdvm.jsa", "-Xshare:auto", "-XX:+UseSerialGC", "-Xmx128m", "-XX:CompileCommand=quiet", "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.001", "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::*,0.001", "-jar", "/opt/hurdvm/hurdvm.jar"]
CMD ["serve", "--listen", "0.0.0.0:8480", "--up", "vm"]

# Last, so that a new revision or date does not invalidate the cached layers above.
ARG BASE_IMAGE
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="hurdvm" \
      org.opencontainers.image.description="Debian GNU/Hurd x86_64 VM under QEMU, supervised by hurdvm (REST API, health, metrics)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${BASE_IMAGE}"
