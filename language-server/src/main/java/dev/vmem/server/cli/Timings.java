package dev.vmem.server.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@code -Dvmem.timings=true}: one line on standard error per phase of the command line's work (waiting
 * for the injector, reading, parsing, validating, the engine, ...), with the JVM's uptime at its end, its
 * wall and CPU time on its own thread, and the collector's time meanwhile. For benchmarks on a shared
 * machine, where only CPU time per thread means something (docs/benchmarks.md, fourth pass); off by
 * default, and then it loads no management classes.
 */
final class Timings {

    static final boolean ON = Boolean.getBoolean("vmem.timings");

    private final String label;
    private long wall;
    private long cpu;
    private long gc;

    private Timings(String label) {
        this.label = label;
        this.wall = System.nanoTime();
        this.cpu = threads().getCurrentThreadCpuTime();
        this.gc = gcMillis();
    }

    /** Starts timing on the current thread; null when timings are off. */
    static Timings start(String label) {
        return ON ? new Timings(label) : null;
    }

    /** Ends the phase {@code name} (begun at the last call or at {@link #start}); null-safe. */
    static void phase(Timings t, String name) {
        if (t != null) {
            t.phase(name);
        }
    }

    private synchronized void phase(String name) {
        long nowWall = System.nanoTime();
        long nowCpu = threads().getCurrentThreadCpuTime();
        long nowGc = gcMillis();
        System.err.printf("vmem: timings: %s [%s] %-12s ends at %5d ms: %5.1f ms wall, %5.1f ms CPU, %4d ms GC%n",
                label, Thread.currentThread().getName(), name, ManagementFactory.getRuntimeMXBean().getUptime(),
                (nowWall - wall) / 1e6, (nowCpu - cpu) / 1e6, nowGc - gc);
        wall = nowWall;
        cpu = nowCpu;
        gc = nowGc;
    }

    private static ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean();
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, bean.getCollectionTime());
        }
        return total;
    }
}
