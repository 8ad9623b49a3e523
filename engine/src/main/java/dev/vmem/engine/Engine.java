package dev.vmem.engine;

import dev.vmem.engine.internal.Analysis;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.report.Report;

/**
 * The memory-model engine: runs a {@link Program} against a model of the Linux/KVM memory
 * subsystem and reports what the kernel refuses, what silently stops working, what crashes the
 * host, and how much guest RAM stays in the kernel's direct map.
 *
 * <p>Every VM is compiled into a bring-up (create backings, map, create memslots, set attributes),
 * after which every access path the declaration implies is exercised; scenarios then run their
 * steps against a fresh bring-up of their VM. The engine is pure: the same program gives the same
 * report, and runs share no state, so callers may run it on any thread.
 */
public final class Engine {

    private Engine() {
    }

    /** Runs with the default budget and no cancellation. */
    public static Report run(Program program) {
        return run(program, EngineOptions.defaults());
    }

    /**
     * Runs {@code program}. Never throws for any input the model can hold: a run that exceeds its
     * budget or is cancelled returns what it found so far, an {@code analysis-incomplete} finding,
     * and {@link Report#complete()} false.
     */
    public static Report run(Program program, EngineOptions options) {
        return new Analysis(program, options).run();
    }
}
