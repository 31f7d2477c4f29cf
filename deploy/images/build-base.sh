#!/usr/bin/env bash
# Builds the base image every Thunderline image starts from, as a `docker save` tarball that Jib reads with
# `tar://` (no Docker daemon, no container registry): one layer holding
#   /opt/java        a Java 17 runtime made by jlink from this machine's JDK (only the modules the services use),
#   /lib, /lib64     the glibc, libstdc++, libgcc_s and zlib shared libraries that runtime links against (ldd), and
#                    those the natives in the services' jars link (libstdc++, libgomp, libpthread),
#   /etc/passwd,group a non-root user "thunderline" (185), /tmp and /deployments.
# Usage: deploy/images/build-base.sh [output.tar]   (default target/images/thunderline-jre-base.tar)
# Skips the work when the output is newer than this script and the JDK (so every module's build can call it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-$ROOT/target/images/thunderline-jre-base.tar}"
JDK="${THUNDERLINE_IMAGE_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
# java.* and jdk.* modules the services, the agent and their libraries use: `jdeps -s` over every jar of the five
# quarkus-app directories and upm-agent.jar (2026-11-25: java.base, java.compiler, java.desktop, java.logging,
# java.management, java.naming, java.net.http, java.prefs, java.security.jgss, java.security.sasl, java.sql,
# java.transaction.xa, java.xml, java.xml.crypto, jdk.httpserver, jdk.jfr, jdk.management, jdk.unsupported; jdk.compiler
# only for vertx-codegen's annotation processor, left out), java.rmi (Quarkus' generated start-up code loads
# java.rmi.RemoteException; found by deploy/images-check.sh), and modules found by name at run time: DNS lookups,
# ECC for TLS, extra charsets, zip file systems, socket options, Kerberos/auth classes, agents.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.prefs,java.rmi,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,\
jdk.charsets,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,\
jdk.unsupported,jdk.zipfs
USER_ID=185

if [ -f "$OUT" ] && [ "$OUT" -nt "${BASH_SOURCE[0]}" ] && [ "$OUT" -nt "$JDK/release" ]; then
  echo "[images] base image up to date: $OUT"
  exit 0
fi
[ -d "$JDK/jmods" ] || { echo "[images] $JDK has no jmods/ (Debian: openjdk-17-jdk-headless)" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/thunderline-base.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
ROOTFS="$WORK/rootfs"
mkdir -p "$ROOTFS"/{opt,etc,tmp,deployments,lib64}

"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" --strip-debug --no-header-files \
  --no-man-pages --compress=2 --output "$ROOTFS/opt/java"
# Debian's JDK links its trust store to the ca-certificates package; the image gets a real file
if [ -e /etc/ssl/certs/java/cacerts ]; then
  rm -f "$ROOTFS/opt/java/lib/security/cacerts"
  cp -L /etc/ssl/certs/java/cacerts "$ROOTFS/opt/java/lib/security/cacerts"
fi

# every shared library the runtime's executables and libraries need, from this machine, at the same paths
libs="$(find "$ROOTFS/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -exec ldd {} \; 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)"
# dlopen()ed by glibc when a thread is cancelled or unwinds
# (awk reads to the end instead of exiting at the first match: an early exit could kill ldconfig with SIGPIPE, 141)
libs="$libs $(ldconfig -p | awk '$1 == "libgcc_s.so.1" && /x86-64/ && !done {print $NF; done = 1}')"
# linked by the natives the services load from their jars: ONNX Runtime (sentence encoder) and llama.cpp (instruct
# model) in the trainer; zstd-jni (snapshot and adapter compression) in upm-service and the agent needs libpthread, which
# the JDK's own libraries no longer link (found by upm-service's codec warm-up at start, deploy/images-check.sh)
for native in libstdc++.so.6 libgomp.so.1 libpthread.so.0; do
  found="$(ldconfig -p | awk -v n="$native" '$1 == n && /x86-64/ && !done {print $NF; done = 1}')"
  [ -n "$found" ] || { echo "[images] $native not found on this machine (apt-get install libgomp1 libstdc++6)" >&2; exit 1; }
  libs="$libs $found"
done
for lib in $libs; do
  case "$lib" in "$ROOTFS"*) continue ;; esac
  dest="$ROOTFS$lib"
  mkdir -p "$(dirname "$dest")"
  cp -L "$lib" "$dest"
done
[ -f "$ROOTFS/lib64/ld-linux-x86-64.so.2" ] || { echo "[images] no dynamic loader found by ldd" >&2; exit 1; }

cat > "$ROOTFS/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
thunderline:x:$USER_ID:$USER_ID:Thunderline:/deployments:/sbin/nologin
PASSWD
cat > "$ROOTFS/etc/group" <<GROUP
root:x:0:
thunderline:x:$USER_ID:
GROUP
echo "hosts: files dns" > "$ROOTFS/etc/nsswitch.conf"
chmod 1777 "$ROOTFS/tmp"
chmod 755 "$ROOTFS/deployments"

# docker-save layout: one layer, its config (with the diff id) and the manifest
mkdir -p "$WORK/image"
# entries named without a leading "./" (Jib refuses an archive entry "./")
TAR=(tar --sort=name --mtime='2000-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner)
(cd "$ROOTFS" && "${TAR[@]}" -cf "$WORK/image/layer.tar" -- *)
diff_id="sha256:$(sha256sum "$WORK/image/layer.tar" | cut -d' ' -f1)"
java_version="$("$ROOTFS/opt/java/bin/java" -version 2>&1 | head -1 | sed 's/"/\\"/g')"
cat > "$WORK/image/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","created":"2000-01-01T00:00:00Z",
 "config":{"User":"$USER_ID","WorkingDir":"/deployments",
   "Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
   "Labels":{"org.opencontainers.image.title":"thunderline-jre-base","org.opencontainers.image.description":"jlink runtime: $java_version"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"2000-01-01T00:00:00Z","created_by":"deploy/images/build-base.sh"}]}
CONFIG
echo '[{"Config":"config.json","RepoTags":["thunderline/jre-base:17"],"Layers":["layer.tar"]}]' > "$WORK/image/manifest.json"
mkdir -p "$(dirname "$OUT")"
(cd "$WORK/image" && "${TAR[@]}" -cf "$OUT.tmp" manifest.json config.json layer.tar)
mv "$OUT.tmp" "$OUT"
echo "[images] base image $OUT ($(du -h "$OUT" | cut -f1); $(du -sh "$ROOTFS/opt/java" | cut -f1) runtime, modules $MODULES)"
