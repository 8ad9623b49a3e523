package dev.vmem.engine.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import java.lang.management.ManagementFactory;

/**
 * Coverage-guided fuzzing of the engine on its own model (docs/robustness.md): programs built from
 * the fuzzer's bytes by {@link ModelFuzzer}, with sizes, addresses and counts anywhere in 64 bits.
 *
 * <p>Whatever the program, the engine must not throw, must say it is incomplete exactly when it
 * carries {@code analysis-incomplete}, must stop within its work budget, and must not allocate in
 * proportion to a declared size: a run over a program of a few dozen declarations allocates a few
 * megabytes, whether they declare 4 KiB or 16 EiB (measured by the thread's allocation counter, not a
 * clock).
 *
 * <p>Under {@code ./mvnw verify} this replays the inputs in {@code EngineFuzzTestInputs/} (crashers
 * found earlier, kept as regression tests); {@code fuzz/run-fuzz.sh} fuzzes it.
 */
class EngineFuzzTest {

    /** Enough for every program ModelFuzzer builds from a small input; runaway work stops here. */
    private static final long BUDGET = 200_000;

    /** Far above what a small program needs, far below what one page-sized structure per 4 KiB of 1 TiB would take. */
    private static final long MAX_ALLOCATED_BYTES = 256L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "30s")
    void engineRunsAnyProgram(FuzzedDataProvider data) {
        long budget = data.consumeBoolean() ? BUDGET : data.consumeLong(1, BUDGET);
        Program program = new ModelFuzzer(data, 6, 400).program();

        var options = EngineOptions.defaults().withBudget(budget);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Report report = Engine.run(program, options);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated >= MAX_ALLOCATED_BYTES) {
            // The first run over a new path loads (and, when fuzzing, instruments) classes; measure again.
            before = THREADS.getCurrentThreadAllocatedBytes();
            report = Engine.run(program, options);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        }

        assertThat(allocated).as("bytes allocated by one run").isLessThan(MAX_ALLOCATED_BYTES);
        wellFormed(report);
        if (!report.complete()) {
            // Stopping is the only way out of an incomplete run: the finding comes last.
            assertThat(report.findings().get(report.findings().size() - 1).code())
                    .isEqualTo(Rule.ANALYSIS_INCOMPLETE.code());
        }
    }

    static void wellFormed(Report r) {
        assertThat(r.findings(Rule.ANALYSIS_INCOMPLETE.code()).isEmpty()).as("complete ⇔ no analysis-incomplete")
                .isEqualTo(r.complete());
        assertThat(r.findings(Rule.ANALYSIS_INCOMPLETE.code())).hasSizeLessThanOrEqualTo(1);
        for (Finding f : r.findings()) {
            assertThat(f.severity()).as("severity of %s", f.code()).isEqualTo(f.rule().severity());
            assertThat(f.trace().steps()).as("trace of %s", f.code()).isNotEmpty();
            assertThat(f.message()).as("message of %s", f.code()).isNotBlank();
        }
    }
}
