package dev.vmem.benchmarks;

import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The {@code bringUp1TiB} workload timed by the running thread's CPU time as well as by the clock,
 * for machines shared with other builds, where JMH's wall-clock figures measure the load more than
 * the engine. Usage: {@code java -cp benchmarks.jar dev.vmem.benchmarks.EngineCpuTime [slots ...]}
 * (default 32000); each count gets 20 warm-up runs and 40 measured ones, without a work budget.
 * CPU time leaves out the garbage collector's own threads.
 */
public final class EngineCpuTime {

    private EngineCpuTime() {
    }

    public static void main(String[] args) {
        var counts = args.length == 0 ? new String[] {"32000"} : args;
        var options = EngineOptions.defaults().withBudget(Long.MAX_VALUE);
        var threads = ManagementFactory.getThreadMXBean();
        for (var count : counts) {
            int slots = Integer.parseInt(count);
            var program = Setups.large(slots);
            for (int i = 0; i < 20; i++) {
                Engine.run(program, options);
            }
            int runs = 40;
            double[] cpu = new double[runs];
            double[] wall = new double[runs];
            for (int i = 0; i < runs; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                var report = Engine.run(program, options);
                cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                wall[i] = (System.nanoTime() - w0) / 1e6;
                if (!report.complete()) {
                    throw new IllegalStateException("the engine did not complete the analysis");
                }
            }
            Arrays.sort(cpu);
            Arrays.sort(wall);
            System.out.printf("slots %6d  CPU ms/op: min %6.1f  median %6.1f  max %6.1f   wall ms/op: min %6.1f  median %6.1f%n",
                    slots, cpu[0], cpu[runs / 2], cpu[runs - 1], wall[0], wall[runs / 2]);
        }
    }
}
