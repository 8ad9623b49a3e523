#!/usr/bin/env bash
# Starts an Eclipse installation (made by this module: a plain IDE plus the VMem feature installed by
# the p2 director) on the current X display, with the OSGi console on standard input, and asks it
# ("ss") for the VMem bundles once the workbench is up. Passes when dev.vmem.eclipse is ACTIVE (the
# workbench starts it at start-up) and the Eclipse log has no error from a VMem or Xtext bundle.
#   check-installed.sh INSTALLATION WORKDIR
set -euo pipefail
install="$1"
work="$2"
if [ -z "${DISPLAY:-}" ]; then
    echo "install check: no DISPLAY; run under xvfb-run" >&2
    exit 1
fi
rm -rf "$work"
mkdir -p "$work/workspace"
launcher=$(ls "$install"/plugins/org.eclipse.equinox.launcher_*.jar | head -n 1)
echo "install check: installed features: $(ls "$install/features" | tr '\n' ' ')"
echo "install check: VMem bundles on disk: $(ls "$install/plugins" | grep -E '^dev\.vmem' | tr '\n' ' ')"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python3 - "$java" "$launcher" "$work" <<'PY'
import re, subprocess, sys, time
java, launcher, work = sys.argv[1:4]
out = open(work + "/eclipse.out", "w")
eclipse = subprocess.Popen([java, "-Xmx1g", "-jar", launcher, "-data", work + "/workspace", "-consoleLog",
                            "-console", "-nosplash"], stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT)
def console(command):
    eclipse.stdin.write((command + "\n").encode())
    eclipse.stdin.flush()
def output():
    return open(work + "/eclipse.out", errors="replace").read()
ok = False
deadline = time.time() + 240
while time.time() < deadline and eclipse.poll() is None:
    time.sleep(5)
    console("ss dev.vmem")
    time.sleep(1)
    if re.search(r"ACTIVE\s+dev\.vmem\.eclipse_", output()):
        ok = True
        break
console("ss org.eclipse.xtext")
console("ss org.eclipse.ui.genericeditor")
time.sleep(2)
console("close")
try:
    eclipse.wait(60)
except subprocess.TimeoutExpired:
    eclipse.kill()
text = output()
print("\n".join(l for l in text.splitlines() if re.search(r"^\d+\s+(ACTIVE|RESOLVED|INSTALLED|STARTING)", l)))
log = open(work + "/workspace/.metadata/.log", errors="replace").read() if __import__("os").path.exists(work + "/workspace/.metadata/.log") else ""
errors = [e for e in log.split("!ENTRY ") if re.match(r"(dev\.vmem|org\.eclipse\.xtext)\S* 4 ", e)]
for e in errors:
    print("install check: error in the Eclipse log: !ENTRY " + e[:600])
print("install check:", "dev.vmem.eclipse is ACTIVE" if ok else "dev.vmem.eclipse did not become ACTIVE")
sys.exit(0 if ok and not errors else 1)
PY
