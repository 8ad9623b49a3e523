package dev.vmem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Severity;
import dev.vmem.engine.report.VmExposure;
import dev.vmem.engine.scale.ProgramShape;
import dev.vmem.engine.scale.Q;
import dev.vmem.engine.scale.ReportShape;
import dev.vmem.engine.scale.Shapes;
import dev.vmem.engine.scale.WorkProbe;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * The engine's cost follows what is declared, never how large it is (design §2: "state is kept per
 * extent, never per page"; §5: no input may make the engine allocate in proportion to a declared
 * size), and no input makes it throw.
 *
 * <p>Work is measured by the engine's own accounting, not by a clock: {@link WorkProbe} finds the
 * smallest {@link EngineOptions#workBudget()} with which a run completes. The same declarations at
 * 1 MiB, 1 GiB and 1 TiB per unit must need exactly the same budget, produce the same findings (code,
 * severity, outcome, origin, trace shape), the same number of notes and exposure entries, and — when
 * every quantity is a whole number of units — exposure figures that scale exactly.
 */
class ScalingPropertiesTest {

    private static final long[] SCALES = {Q.MIB, Q.GIB, Q.TIB};

    @Provide
    Arbitrary<ProgramShape> scaled() {
        return Shapes.scaled();
    }

    @Provide
    Arbitrary<ProgramShape> nonsense() {
        return Shapes.nonsense();
    }

    // ---- cost does not grow with declared sizes ---------------------------------------------------------

    @Property(tries = 250)
    void sameFindingsAndReportSizeFrom1MiBTo1TiB(@ForAll("scaled") ProgramShape shape) {
        var small = Engine.run(shape.render(Q.MIB));
        var smallShape = ReportShape.of(small);
        for (long unit : new long[] {Q.GIB, Q.TIB}) {
            var large = Engine.run(shape.render(unit));
            assertThat(ReportShape.of(large).lines()).as("report at %s per unit vs 1 MiB", label(unit))
                    .containsExactlyElementsOf(smallShape.lines());
            assertThat(ReportShape.size(large)).as("report size at %s per unit", label(unit))
                    .isEqualTo(ReportShape.size(small));
            assertThat(large.findings()).as("findings").hasSameSizeAs(small.findings());
            assertThat(large.notes()).as("notes").hasSameSizeAs(small.notes());
            assertThat(large.exposures()).as("exposures").hasSameSizeAs(small.exposures());
            if (shape.pure()) {
                assertExposureScales(small, large, unit / Q.MIB);
            }
        }
    }

    @Property(tries = 250)
    void sameWorkFrom1MiBTo1TiB(@ForAll("scaled") ProgramShape shape) {
        long budget = WorkProbe.minimalBudget(shape.render(Q.MIB));
        for (long unit : SCALES) {
            var program = shape.render(unit);
            assertThat(WorkProbe.completes(program, budget)).as("completes with %d units at %s per unit", budget,
                    label(unit)).isTrue();
            if (budget > 1) {
                assertThat(WorkProbe.completes(program, budget - 1))
                        .as("needs all %d units at %s per unit", budget, label(unit)).isFalse();
            }
        }
    }

    /** Cut short at the same point, every scale has found exactly the same things. */
    @Property(tries = 150)
    void aTightBudgetStopsAtTheSamePointAtEveryScale(@ForAll("scaled") ProgramShape shape,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double fraction) {
        long needed = WorkProbe.minimalBudget(shape.render(Q.MIB));
        long budget = Math.max(1, (long) (needed * fraction));
        var small = Engine.run(shape.render(Q.MIB), EngineOptions.defaults().withBudget(budget));
        var large = Engine.run(shape.render(Q.TIB), EngineOptions.defaults().withBudget(budget));
        assertThat(ReportShape.of(large).lines()).containsExactlyElementsOf(ReportShape.of(small).lines());
        assertThat(large.complete()).isEqualTo(budget >= needed);
    }

    // ---- no input makes the engine throw -------------------------------------------------------------------

    @Property(tries = 400)
    void neverThrowsOnNonsense(@ForAll("nonsense") ProgramShape shape) {
        for (long unit : new long[] {Q.MIB, Q.TIB}) {
            var program = shape.render(unit);
            assertThatCode(() -> wellFormed(Engine.run(program))).as("engine run").doesNotThrowAnyException();
        }
    }

    @Property(tries = 200)
    void aBudgetTooSmallIsReportedNotThrown(@ForAll("nonsense") ProgramShape shape,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double fraction) {
        var program = shape.render(Q.GIB);
        long needed = WorkProbe.minimalBudget(program);
        if (needed == 1) {
            return; // Nothing smaller to try: 1 is the smallest budget EngineOptions accepts.
        }
        for (long budget : new long[] {1, Math.max(1, (long) ((needed - 1) * fraction)), needed - 1}) {
            var r = Engine.run(program, EngineOptions.defaults().withBudget(budget));
            wellFormed(r);
            assertThat(r.complete()).as("complete with %d of %d units", budget, needed).isFalse();
            var incomplete = r.findings(Rule.ANALYSIS_INCOMPLETE.code());
            assertThat(incomplete).as("analysis-incomplete findings").hasSize(1);
            assertThat(incomplete.get(0).outcome()).isEqualTo(Outcome.OK);
            assertThat(incomplete.get(0).severity()).isEqualTo(Severity.WARNING);
            assertThat(r.findings().get(r.findings().size() - 1)).as("the last finding").isEqualTo(incomplete.get(0));
        }
        assertThat(Engine.run(program, EngineOptions.defaults().withBudget(needed)).complete()).isTrue();
    }

    /** A report says it is incomplete exactly when it carries the analysis-incomplete finding. */
    private static Report wellFormed(Report r) {
        assertThat(r.findings(Rule.ANALYSIS_INCOMPLETE.code()).isEmpty()).as("complete ⇔ no analysis-incomplete")
                .isEqualTo(r.complete());
        for (var f : r.findings()) {
            assertThat(f.severity()).as("severity of %s", f.code()).isEqualTo(f.rule().severity());
            assertThat(f.trace().steps()).as("trace of %s", f.code()).isNotEmpty();
        }
        return r;
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static void assertExposureScales(Report small, Report large, long factor) {
        for (int i = 0; i < small.exposures().size(); i++) {
            VmExposure s = small.exposures().get(i);
            VmExposure l = large.exposures().get(i);
            assertThat(List.of(l.guestBytes(), l.directMapBytes(), l.removedBytes()))
                    .as("exposure of %s ×%d", s.vm(), factor)
                    .containsExactly(s.guestBytes() * factor, s.directMapBytes() * factor, s.removedBytes() * factor);
            for (int j = 0; j < s.backings().size(); j++) {
                BackingExposure sb = s.backings().get(j);
                BackingExposure lb = l.backings().get(j);
                assertThat(List.of(lb.guestBytes(), lb.directMapBytes(), lb.hardwareProtectedBytes(),
                        lb.removedBytes())).as("exposure of %s/%s ×%d", s.vm(), sb.backing(), factor)
                        .containsExactly(sb.guestBytes() * factor, sb.directMapBytes() * factor,
                                sb.hardwareProtectedBytes() * factor, sb.removedBytes() * factor);
            }
        }
    }

    private static String label(long unit) {
        return unit == Q.TIB ? "1 TiB" : unit == Q.GIB ? "1 GiB" : "1 MiB";
    }
}
