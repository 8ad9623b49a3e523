#!/usr/bin/env python3
"""Times `vmem check` of one input with several jars (or option sets), interleaved, by CPU time.

On a shared machine wall clock says little; this reports, per configuration, the process's CPU time
(user + sys, /usr/bin/time), its peak RSS, and from -Dvmem.timings=true the CPU time of the thread
that checks the file (the critical path once the injector is ready), of the read-ahead thread and of
the injector thread, and the collector's pause time (docs/benchmarks.md, fourth pass).

  python3 benchmarks/cli/check-timings.py --rounds 4 /tmp/cli-bench/big.vmem \
      before=before.jar after=vmem.jar "after-young=vmem.jar:-XX:NewSize=600m"

Each jar runs with the options of ./vmem (C1 only, the serial collector) and, when JAR.jsa exists
beside it, that class-data archive (make it as ./vmem does, see docs/benchmarks.md#class-data-sharing).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

LAUNCHER = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=warning:stderr",
            "-Dvmem.timings=true"]
PHASE = re.compile(r"\[(vmem-check-\d+|vmem-read-ahead|vmem-injector)\] \S+ +ends at +\d+ ms: +[\d.]+ ms wall, "
                   r"+([\d.]+) ms CPU")
GC = re.compile(r"\[main\] files +ends at +\d+ ms: +[\d.]+ ms wall, +[\d.]+ ms CPU, +(\d+) ms GC")


def run(java, jar, extra, args):
    opts = list(LAUNCHER)
    archive = jar[:-4] + ".jsa" if jar.endswith(".jar") else None
    if archive and os.path.exists(archive):
        opts += ["-XX:SharedArchiveFile=" + archive, "-Xshare:auto"]
    cmd = ["/usr/bin/time", "-f", "TIME %e %U %S %M", java] + opts + extra + ["-jar", jar, "check"] + args
    err = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    t = re.search(r"TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", err)
    if not t:
        sys.exit("no timing from: " + " ".join(cmd) + "\n" + err[-2000:])
    cpu = {"check": 0.0, "read-ahead": 0.0, "injector": 0.0}
    for thread, ms in PHASE.findall(err):
        cpu["check" if thread.startswith("vmem-check") else thread[5:]] += float(ms)
    gc = GC.search(err)
    return {"wall": float(t[1]), "cpu": float(t[2]) + float(t[3]), "rss": int(t[4]) // 1024,
            "check": cpu["check"], "read-ahead": cpu["read-ahead"], "injector": cpu["injector"],
            "gc": int(gc[1]) if gc else 0}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--java", default="java")
    p.add_argument("input", help="a file or folder to check")
    p.add_argument("configs", nargs="+", help="NAME=JAR[:JVM OPTIONS]")
    a = p.parse_args()
    configs = []
    for c in a.configs:
        name, _, spec = c.partition("=")
        jar, _, extra = spec.partition(":")
        configs.append((name, jar, extra.split()))
    results = {name: [] for name, _, _ in configs}
    for r in range(a.rounds):
        for name, jar, extra in configs:
            results[name].append(run(a.java, jar, extra, [a.input]))
        print(f"round {r + 1}, load {open('/proc/loadavg').read().split()[0]}", file=sys.stderr)
    print(f"{'config':<14} {'wall min/med s':>15} {'CPU min/med s':>15} {'RSS MiB':>8} {'check thread CPU ms':>20}"
          f" {'read-ahead ms':>13} {'injector ms':>11} {'GC pauses ms':>12}")
    for name, _, _ in configs:
        v = results[name]

        def mm(k):
            xs = [x[k] for x in v]
            return min(xs), statistics.median(xs)
        print(f"{name:<14} {mm('wall')[0]:6.2f} / {mm('wall')[1]:5.2f} {mm('cpu')[0]:6.2f} / {mm('cpu')[1]:5.2f}"
              f" {max(x['rss'] for x in v):8d} {mm('check')[0]:9.0f} / {mm('check')[1]:7.0f}"
              f" {mm('read-ahead')[1]:13.0f} {mm('injector')[1]:11.0f} {mm('gc')[1]:12.0f}")


if __name__ == "__main__":
    main()
