package dev.vmem.engine;

import java.util.function.BooleanSupplier;

/**
 * How an engine run is bounded.
 *
 * @param workBudget units of work (one unit per extent, slot, attribute range or step touched) after
 *                   which the run stops with an {@code analysis-incomplete} finding
 * @param cancelled  polled between units; when it answers true the run stops and reports what it has
 */
public record EngineOptions(long workBudget, BooleanSupplier cancelled) {

    /** Generous enough for 32,000 memslots with every feature on, small enough to stop a runaway input. */
    public static final long DEFAULT_WORK_BUDGET = 50_000_000L;

    public EngineOptions {
        if (workBudget <= 0) {
            throw new IllegalArgumentException("workBudget must be positive");
        }
        cancelled = cancelled == null ? () -> false : cancelled;
    }

    public static EngineOptions defaults() {
        return new EngineOptions(DEFAULT_WORK_BUDGET, () -> false);
    }

    public EngineOptions withBudget(long budget) {
        return new EngineOptions(budget, cancelled);
    }

    public EngineOptions withCancellation(BooleanSupplier isCancelled) {
        return new EngineOptions(workBudget, isCancelled);
    }
}
