package dev.vmem.engine;

import dev.vmem.engine.model.KernelDecl;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * How an engine run is bounded.
 *
 * @param workBudget units of work (one unit per extent, slot, attribute range or step touched) after
 *                   which the run stops with an {@code analysis-incomplete} finding
 * @param cancelled  polled between units; when it answers true the run stops and reports what it has
 * @param defaultKernel the profile for VMs that name none (an editor setting); empty means the
 *                   built-in default, the newest known mainline on x86_64
 * @param notesAndLayouts whether the report carries the element notes (hovers) and the VM layouts
 *                   (memory maps); without them the findings, exposures and scenarios are the same, and
 *                   the work budget is spent as with them
 */
public record EngineOptions(long workBudget, BooleanSupplier cancelled, Optional<KernelDecl> defaultKernel,
        boolean notesAndLayouts) {

    /** Generous enough for 32,000 memslots with every feature on, small enough to stop a runaway input. */
    public static final long DEFAULT_WORK_BUDGET = 50_000_000L;

    public EngineOptions {
        if (workBudget <= 0) {
            throw new IllegalArgumentException("workBudget must be positive");
        }
        cancelled = cancelled == null ? () -> false : cancelled;
        defaultKernel = defaultKernel == null ? Optional.empty() : defaultKernel;
    }

    public EngineOptions(long workBudget, BooleanSupplier cancelled, Optional<KernelDecl> defaultKernel) {
        this(workBudget, cancelled, defaultKernel, true);
    }

    public EngineOptions(long workBudget, BooleanSupplier cancelled) {
        this(workBudget, cancelled, Optional.empty());
    }

    public static EngineOptions defaults() {
        return new EngineOptions(DEFAULT_WORK_BUDGET, () -> false, Optional.empty());
    }

    public EngineOptions withBudget(long budget) {
        return new EngineOptions(budget, cancelled, defaultKernel, notesAndLayouts);
    }

    public EngineOptions withCancellation(BooleanSupplier isCancelled) {
        return new EngineOptions(workBudget, isCancelled, defaultKernel, notesAndLayouts);
    }

    /** VMs that name no kernel profile run under {@code kernel} (its name is ignored). */
    public EngineOptions withDefaultKernel(KernelDecl kernel) {
        return new EngineOptions(workBudget, cancelled, Optional.of(kernel), notesAndLayouts);
    }

    /**
     * Without element notes and VM layouts, for callers that show neither (the command line's check):
     * a third of the engine's time on a VM of 32,000 memslots went into them.
     */
    public EngineOptions withoutNotesAndLayouts() {
        return new EngineOptions(workBudget, cancelled, defaultKernel, false);
    }
}
