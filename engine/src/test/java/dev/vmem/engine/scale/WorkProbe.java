package dev.vmem.engine.scale;

import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.Program;

/**
 * Measures the engine's work deterministically, by its own accounting: the smallest
 * {@link EngineOptions#workBudget()} with which a run completes. The engine spends one unit per
 * extent, slot, attribute range or step it touches, so this number is what a run costs, independent
 * of the machine, the JIT and the clock.
 */
public final class WorkProbe {

    /** Beyond this the probe gives up: no generated program should come near it. */
    public static final long CEILING = 1L << 32;

    private WorkProbe() {
    }

    /** True when a run with {@code budget} completes. */
    public static boolean completes(Program program, long budget) {
        return Engine.run(program, EngineOptions.defaults().withBudget(budget)).complete();
    }

    /**
     * The smallest budget with which {@code program} completes: the run with it completes and (when it
     * is above 1, the smallest budget there is) the run with one unit less does not.
     *
     * @throws IllegalStateException when not even {@link #CEILING} units suffice
     */
    public static long minimalBudget(Program program) {
        long hi = 1;
        while (!completes(program, hi)) {
            if (hi >= CEILING) {
                throw new IllegalStateException("more than " + CEILING + " units of work");
            }
            hi <<= 1;
        }
        // Invariant: completes(hi); lo is 0 or a budget that does not complete (the doubling tried it).
        long lo = hi >>> 1;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (completes(program, mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}
