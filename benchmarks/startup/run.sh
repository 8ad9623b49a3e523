#!/usr/bin/env bash
# Cold start to first diagnostics, side by side in one run (docs/benchmarks.md, "Start-up side by side"):
#   floor       java -jar vmem.jar --version (the JVM starting the same jar and exiting)
#   xtext       a minimal Xtext 2.42 language server (benchmarks/xtext-minimal), same JIT and GC options as VMem's
#   vmem        ./vmem, VMem's server as users start it (class-data sharing on; the archive is made first)
#   vmem-nocds  the same with VMEM_CDS=off
#
#   benchmarks/startup/run.sh [--runs 7] [--build]
# --build builds vmem.jar and the Xtext server first (JDK 21+ in JAVA_HOME or under /usr/lib/jvm). The Java that
# runs everything is $JAVA, else java on the PATH. Needs Node 18+; installs the LSP client's one dependency.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=7
build=no
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --build) build=yes; shift ;;
        *) echo "usage: $0 [--runs N] [--build]" >&2; exit 2 ;;
    esac
done

jar="$root/language-server/target/vmem.jar"
xtext="$root/benchmarks/xtext-minimal/target/xtext-minimal.jar"
if [ "$build" = yes ]; then
    (cd "$root" && ./mvnw -o -B -q -DskipEclipse -DskipTests -pl language-server -am package)
    (cd "$root" && ./mvnw -o -B -q -DskipEclipse -DskipTests -Pbench -pl benchmarks/xtext-minimal package)
fi
[ -f "$jar" ] || { echo "missing $jar: run with --build" >&2; exit 2; }
[ -f "$xtext" ] || { echo "missing $xtext: run with --build" >&2; exit 2; }

java="${JAVA:-$(command -v java)}"
java_home="$(cd "$(dirname "$(readlink -f "$java")")/.." && pwd)"
client="$root/language-server/src/test/clients/node"
[ -d "$client/node_modules" ] || (cd "$client" && npm ci --silent)

# The class-data archive of ./vmem: the first start trains it in the background; wait for that to end.
cache="${XDG_CACHE_HOME:-$HOME/.cache}/vmem"
JAVA_HOME="$java_home" "$root/vmem" --version >/dev/null
for _ in $(seq 1 300); do
    compgen -G "$cache/*.lock" >/dev/null || break
    sleep 1
done

echo "java: $("$java" -version 2>&1 | head -n 1); $(nproc) cores; load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
cd "$root"
node "$here/startup.js" --runs "$runs" \
    --floor "$java -jar $jar --version" \
    --xtext "$java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $xtext" \
    --vmem "env JAVA_HOME=$java_home $root/vmem" \
    --also "vmem-nocds=env JAVA_HOME=$java_home VMEM_CDS=off $root/vmem"
