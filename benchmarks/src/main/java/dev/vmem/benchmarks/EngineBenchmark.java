package dev.vmem.benchmarks;

import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.report.Report;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One engine run over a whole program: bring-up of every VM and every access path it implies (design
 * §5: "engine on a 1 TiB guest with 32,000 memslots in well under 100 ms").
 *
 * <p>{@code bringUp1TiB} runs without a work budget, so it measures the complete analysis; the run
 * fails if the report is not complete. {@code bringUp1TiBDefaultBudget} runs with
 * {@link EngineOptions#defaults()}, as the CLI and the editor do, and measures what a user waits for,
 * complete or not. The slot count is a parameter ({@code -p slots=1000,4000,32000}) so that the growth
 * of the cost with the number of memslots can be read off one run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineBenchmark {

    private static final EngineOptions UNBOUNDED = EngineOptions.defaults().withBudget(Long.MAX_VALUE);

    /** The 1 TiB guest. */
    @State(Scope.Benchmark)
    public static class Large {
        @Param({"32000"})
        public int slots;

        Program program;
        Report last;

        @Setup(Level.Trial)
        public void build() {
            program = Setups.large(slots);
        }
    }

    /** The 1 TiB guest, with the check that the unbounded run really analysed everything. */
    @State(Scope.Benchmark)
    public static class LargeComplete extends Large {
        @TearDown(Level.Trial)
        public void check() {
            if (last != null && !last.complete()) {
                throw new IllegalStateException("the engine did not complete the analysis");
            }
        }
    }

    /** The 2 GiB reference VM. */
    @State(Scope.Benchmark)
    public static class Small {
        Program program;

        @Setup(Level.Trial)
        public void build() {
            program = Setups.small();
        }
    }

    @Benchmark
    public Report bringUp1TiB(LargeComplete s) {
        s.last = Engine.run(s.program, UNBOUNDED);
        return s.last;
    }

    @Benchmark
    public Report bringUp1TiBDefaultBudget(Large s) {
        s.last = Engine.run(s.program, EngineOptions.defaults());
        return s.last;
    }

    @Benchmark
    public Report bringUpSmallVm(Small s) {
        return Engine.run(s.program, UNBOUNDED);
    }
}
